// Line charts drawn as inline SVG. A chart is an <svg data-chart data-series='[{"label","unit","points":[[ms, value]]}]'>;
// each series gets its own vertical scale (named in the legend), time runs left to right.

const svgNs = 'http://www.w3.org/2000/svg';
const width = 640;
const height = 220;
const margin = { left: 56, right: 56, top: 24, bottom: 28 };

function seriesOf(svg) {
    if (!svg._series) {
        svg._series = JSON.parse(svg.dataset.series || '[]');
    }
    return svg._series;
}

function element(name, attributes, text) {
    const el = document.createElementNS(svgNs, name);
    for (const [key, value] of Object.entries(attributes)) {
        el.setAttribute(key, String(value));
    }
    if (text !== undefined) {
        el.textContent = text;
    }
    return el;
}

function formatValue(value, unit) {
    const rounded = Math.abs(value) >= 100 ? Math.round(value).toLocaleString('en') : Number(value.toFixed(2)).toLocaleString('en');
    return unit ? `${rounded} ${unit}` : rounded;
}

function formatClock(ms) {
    return new Date(ms).toISOString().slice(11, 19);
}

export function drawChart(svg) {
    const series = seriesOf(svg);
    svg.setAttribute('viewBox', `0 0 ${width} ${height}`);
    svg.setAttribute('role', 'img');
    const children = [];
    const times = series.flatMap(s => s.points.map(p => p[0]));
    const plotWidth = width - margin.left - margin.right;
    const plotHeight = height - margin.top - margin.bottom;
    children.push(element('rect', { x: margin.left, y: margin.top, width: plotWidth, height: plotHeight, class: 'plot' }));
    if (times.length === 0) {
        children.push(element('text', { x: width / 2, y: height / 2, 'text-anchor': 'middle', class: 'empty' }, svg.dataset.empty || 'No readings yet'));
    } else {
        const first = Math.min(...times);
        const last = Math.max(...times);
        const span = Math.max(1, last - first);
        series.forEach((s, index) => {
            if (s.points.length === 0) {
                return;
            }
            const values = s.points.map(p => p[1]);
            const top = Math.max(...values, 0) || 1;
            const bottom = Math.min(...values, 0);
            const range = Math.max(top - bottom, 1e-9);
            const x = t => margin.left + ((t - first) / span) * plotWidth;
            const y = v => margin.top + plotHeight - ((v - bottom) / range) * plotHeight;
            const points = s.points.map(p => `${x(p[0]).toFixed(1)},${y(p[1]).toFixed(1)}`).join(' ');
            children.push(element('polyline', { points, class: `line series-${index}` }));
            if (s.points.length === 1) {
                children.push(element('circle', { cx: x(s.points[0][0]), cy: y(s.points[0][1]), r: 3, class: `dot series-${index}` }));
            }
            const axisX = index === 0 ? margin.left - 6 : width - margin.right + 6;
            const anchor = index === 0 ? 'end' : 'start';
            children.push(element('text', { x: axisX, y: margin.top + 4, 'text-anchor': anchor, class: `axis series-${index}` }, formatValue(top, s.unit)));
            children.push(element('text', { x: axisX, y: margin.top + plotHeight, 'text-anchor': anchor, class: `axis series-${index}` }, formatValue(bottom, s.unit)));
        });
        children.push(element('text', { x: margin.left, y: height - 8, class: 'axis' }, formatClock(first)));
        children.push(element('text', { x: width - margin.right, y: height - 8, 'text-anchor': 'end', class: 'axis' }, formatClock(last)));
    }
    series.forEach((s, index) => {
        const latest = s.points.length ? ' ' + formatValue(s.points[s.points.length - 1][1], s.unit) : '';
        children.push(element('text', { x: margin.left + index * 220, y: 14, class: `legend series-${index}` }, `■ ${s.label}${latest}`));
    });
    svg.replaceChildren(...children);
    svg.dataset.count = String(series.length ? series[0].points.length : 0);
}

// Adds a reading to a series and redraws; a reading at a time the series already has replaces it (events may repeat).
export function appendPoint(svg, at, value, index = 0) {
    const series = seriesOf(svg);
    const target = series[index];
    if (!target || !Number.isFinite(at) || !Number.isFinite(value)) {
        return;
    }
    const same = target.points.findIndex(p => p[0] === at);
    if (same >= 0) {
        target.points[same][1] = value;
    } else {
        target.points.push([at, value]);
        target.points.sort((a, b) => a[0] - b[0]);
    }
    const keep = Number(svg.dataset.keep || 0);
    if (keep > 0 && target.points.length > keep) {
        target.points.splice(0, target.points.length - keep);
    }
    drawChart(svg);
}
