// The map: charge points placed by latitude and longitude. With a tile URL template (Console:MapTilesUrl) they sit on
// Web Mercator tiles at the largest zoom that shows them all; without one, on a plain equirectangular projection.

const svgNs = 'http://www.w3.org/2000/svg';
const tileSize = 256;

function fitBounds(points) {
    const lats = points.map(p => p.latitude);
    const lons = points.map(p => p.longitude);
    return { south: Math.min(...lats), north: Math.max(...lats), west: Math.min(...lons), east: Math.max(...lons) };
}

// Web Mercator: the world is 256·2^zoom pixels square, x from longitude, y from the latitude's Mercator ordinate.
function mercator(latitude, longitude, zoom) {
    const world = tileSize * 2 ** zoom;
    const lat = Math.max(-85.05112878, Math.min(85.05112878, latitude)) * Math.PI / 180;
    return {
        x: ((longitude + 180) / 360) * world,
        y: ((1 - Math.log(Math.tan(lat) + 1 / Math.cos(lat)) / Math.PI) / 2) * world,
    };
}

function tileProjection(points, width, height, padding) {
    const bounds = fitBounds(points);
    let zoom = 18;
    for (; zoom > 0; zoom--) {
        const a = mercator(bounds.north, bounds.west, zoom);
        const b = mercator(bounds.south, bounds.east, zoom);
        if (b.x - a.x <= width - 2 * padding && b.y - a.y <= height - 2 * padding) {
            break;
        }
    }
    const a = mercator(bounds.north, bounds.west, zoom);
    const b = mercator(bounds.south, bounds.east, zoom);
    const origin = { x: (a.x + b.x) / 2 - width / 2, y: (a.y + b.y) / 2 - height / 2 };
    return {
        zoom,
        origin,
        place: p => {
            const m = mercator(p.latitude, p.longitude, zoom);
            return { x: m.x - origin.x, y: m.y - origin.y };
        },
    };
}

function plainProjection(points, width, height, padding) {
    const bounds = fitBounds(points);
    const spanLon = Math.max(bounds.east - bounds.west, 0.01);
    const spanLat = Math.max(bounds.north - bounds.south, 0.01);
    const scale = Math.min((width - 2 * padding) / spanLon, (height - 2 * padding) / spanLat);
    const centerLon = (bounds.east + bounds.west) / 2;
    const centerLat = (bounds.north + bounds.south) / 2;
    return {
        place: p => ({ x: width / 2 + (p.longitude - centerLon) * scale, y: height / 2 - (p.latitude - centerLat) * scale }),
    };
}

function tileUrl(template, zoom, x, y) {
    return template.replace('{z}', zoom).replace('{x}', x).replace('{y}', y);
}

function drawTiles(container, template, projection, width, height) {
    const count = 2 ** projection.zoom;
    const layer = document.createElement('div');
    layer.className = 'tiles';
    for (let ty = Math.floor(projection.origin.y / tileSize); ty * tileSize < projection.origin.y + height; ty++) {
        if (ty < 0 || ty >= count) {
            continue;
        }
        for (let tx = Math.floor(projection.origin.x / tileSize); tx * tileSize < projection.origin.x + width; tx++) {
            const img = document.createElement('img');
            img.alt = '';
            img.src = tileUrl(template, projection.zoom, ((tx % count) + count) % count, ty);
            img.style.left = `${tx * tileSize - projection.origin.x}px`;
            img.style.top = `${ty * tileSize - projection.origin.y}px`;
            img.dataset.tile = `${projection.zoom}/${tx}/${ty}`;
            layer.append(img);
        }
    }
    container.append(layer);
}

function drawBackground(svg, width, height) {
    const background = document.createElementNS(svgNs, 'rect');
    background.setAttribute('width', width);
    background.setAttribute('height', height);
    background.setAttribute('class', 'sea');
    svg.append(background);
}

// Reads the located charge points from the API (data-source) and draws them.
export async function drawMap(container) {
    const response = await fetch(container.dataset.source, { headers: { Accept: 'application/json' } });
    if (!response.ok) {
        container.textContent = `The locations could not be read (${response.status}).`;
        return;
    }
    const located = await response.json();
    const points = located.items.map(item => ({
        id: item.id, name: item.description, status: item.status, connected: item.connected,
        latitude: item.position.latitude, longitude: item.position.longitude,
    }));
    const template = container.dataset.tiles || '';
    const width = container.clientWidth || 800;
    const height = container.clientHeight || 480;
    container.replaceChildren();
    if (points.length === 0) {
        container.textContent = 'No charge point has a location yet.';
        container.dataset.count = '0';
        return;
    }
    const padding = 40;
    const projection = template ? tileProjection(points, width, height, padding) : plainProjection(points, width, height, padding);
    if (template) {
        drawTiles(container, template, projection, width, height);
    }
    const svg = document.createElementNS(svgNs, 'svg');
    svg.setAttribute('viewBox', `0 0 ${width} ${height}`);
    svg.setAttribute('class', 'markers');
    if (!template) {
        drawBackground(svg, width, height);
    }
    for (const point of points) {
        const { x, y } = projection.place(point);
        const link = document.createElementNS(svgNs, 'a');
        link.setAttribute('href', `/console/charge-points/${encodeURIComponent(point.id)}`);
        link.dataset.marker = point.id;
        const dot = document.createElementNS(svgNs, 'circle');
        dot.setAttribute('cx', x.toFixed(1));
        dot.setAttribute('cy', y.toFixed(1));
        dot.setAttribute('r', '8');
        dot.setAttribute('class', `marker ${point.connected ? 'online' : 'offline'}`);
        const title = document.createElementNS(svgNs, 'title');
        title.textContent = `${point.id}${point.name ? ' — ' + point.name : ''} (${point.status || 'Unknown'})`;
        const label = document.createElementNS(svgNs, 'text');
        label.setAttribute('x', (x + 11).toFixed(1));
        label.setAttribute('y', (y + 4).toFixed(1));
        label.textContent = point.id;
        dot.append(title);
        link.append(dot, label);
        svg.append(link);
    }
    container.append(svg);
    container.dataset.count = String(points.length);
}
