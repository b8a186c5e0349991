// The console's live side: one EventSource on /api/events (resumed after the position the page was read at, and by the
// browser with Last-Event-ID after a drop), which keeps badges, logs and charts current, and the SVG charts and map.
// Pages are rendered on the server; this script only changes what the events say changed.

import { drawChart, appendPoint } from './charts.js';
import { drawMap } from './map.js';

const stream = { source: null, key: null, lastId: 0 };
const overview = { timer: null };

function start() {
    connectEvents();
    document.querySelectorAll('svg[data-chart]').forEach(drawChart);
    document.querySelectorAll('[data-map]').forEach(drawMap);
    startOverview();
    startMessageLog();
    refreshAgo();
}

// Opens the stream where the page's data was read, unless one for the same charge point already runs past it.
function connectEvents() {
    const marker = document.querySelector('[data-live-events]');
    if (!marker) {
        closeEvents();
        return;
    }
    const after = Number(marker.dataset.after || 0);
    const chargePoint = marker.dataset.chargePoint || '';
    const key = chargePoint;
    if (stream.source && stream.key === key && stream.lastId <= after) {
        stream.skipUntil = after;
        return;
    }
    closeEvents();
    const query = new URLSearchParams({ after: String(after) });
    if (chargePoint) {
        query.set('chargePointId', chargePoint);
    }
    const source = new EventSource('/api/events?' + query);
    stream.source = source;
    stream.key = key;
    stream.lastId = after;
    stream.skipUntil = after;
    source.onopen = () => setLive('open');
    source.onerror = () => setLive(source.readyState === EventSource.CLOSED ? 'closed' : 'retrying');
    for (const type of ['Connected', 'Disconnected', 'Booted', 'StatusChanged', 'TransactionStarted', 'TransactionUpdated', 'TransactionStopped', 'CommandAnswered', 'SecurityEvent']) {
        source.addEventListener(type, onEvent);
    }
}

function closeEvents() {
    if (stream.source) {
        stream.source.close();
        stream.source = null;
        stream.key = null;
    }
}

function setLive(state) {
    document.querySelectorAll('[data-live-indicator]').forEach(el => { el.dataset.state = state; });
}

function onEvent(message) {
    const id = Number(message.lastEventId);
    if (id <= stream.lastId || id <= (stream.skipUntil || 0)) {
        return;
    }
    stream.lastId = id;
    const event = JSON.parse(message.data);
    const cp = event.chargePointId;
    const data = event.data || {};
    switch (event.type) {
        case 'Connected':
        case 'Disconnected':
            setConnection(cp, event.type === 'Connected');
            break;
        case 'StatusChanged':
            setStatus(cp, data.connectorId, data.status);
            addTimeline(cp, data.connectorId, data.status, event.time);
            break;
        case 'TransactionUpdated':
            onTransactionUpdated(data, event.time);
            break;
        case 'TransactionStarted':
        case 'TransactionStopped':
            noteTransaction(event);
            break;
    }
    bumpCounters(event);
    if (document.querySelector('[data-message-log]')) {
        scheduleMessageLog();
    }
}

function bySelector(attribute, value) {
    return `[${attribute}="${CSS.escape(String(value))}"]`;
}

function setConnection(chargePointId, connected) {
    document.querySelectorAll(bySelector('data-connection-of', chargePointId)).forEach(badge => {
        badge.textContent = connected ? 'Connected' : 'Offline';
        badge.classList.toggle('online', connected);
        badge.classList.toggle('offline', !connected);
    });
}

const statusClasses = {
    Available: 'status-available', Charging: 'status-busy', Occupied: 'status-busy', Preparing: 'status-busy',
    Finishing: 'status-busy', SuspendedEV: 'status-busy', SuspendedEVSE: 'status-busy', Reserved: 'status-reserved',
    Faulted: 'status-faulted', Unavailable: 'status-unavailable',
};

function setStatus(chargePointId, connectorId, status) {
    const selector = bySelector('data-status-of', chargePointId) + bySelector('data-connector', connectorId);
    document.querySelectorAll(selector).forEach(badge => {
        badge.textContent = status || 'Unknown';
        badge.className = 'badge ' + (statusClasses[status] || 'status-unknown');
    });
}

function addTimeline(chargePointId, connectorId, status, time) {
    const list = document.querySelector(bySelector('data-timeline-of', chargePointId) + bySelector('data-connector', connectorId));
    if (!list) {
        return;
    }
    const item = document.createElement('li');
    const badge = document.createElement('span');
    badge.className = 'badge ' + (statusClasses[status] || 'status-unknown');
    badge.textContent = status;
    const when = document.createElement('time');
    when.dateTime = time;
    when.dataset.ago = '';
    when.textContent = formatTime(time);
    item.append(badge, ' ', when);
    list.prepend(item);
}

function onTransactionUpdated(data, time) {
    const at = Date.parse(data.lastMeterValueAt || time);
    document.querySelectorAll(bySelector('data-transaction', data.transactionId)).forEach(el => {
        if (el.matches('svg[data-chart="energy"]') && data.energyWh != null) {
            appendPoint(el, at, data.energyWh);
        } else if (el.matches('svg[data-chart="power"]') && data.power) {
            appendPoint(el, at, powerWatts(data.power));
        } else if (el.matches('[data-energy-of]') && data.energyWh != null) {
            el.textContent = formatEnergy(data.energyWh);
        }
    });
}

function noteTransaction(event) {
    if (event.type === 'TransactionStopped') {
        document.querySelectorAll(bySelector('data-transaction-state', event.data.transactionId)).forEach(el => { el.textContent = 'Stopped'; });
    }
}

// Counters on the overview that events move: sessions running.
function bumpCounters(event) {
    const running = document.querySelector('[data-counter="sessions"]');
    if (running && (event.type === 'TransactionStarted' || event.type === 'TransactionStopped')) {
        const now = Number(running.textContent.replace(/\D/g, '') || 0) + (event.type === 'TransactionStarted' ? 1 : -1);
        running.textContent = String(Math.max(0, now));
    }
}

function powerWatts(power) {
    const value = Number(power.value);
    return /^kW$/i.test(power.unit || '') ? value * 1000 : value;
}

function formatEnergy(wh) {
    return wh >= 10000 ? (wh / 1000).toFixed(1) + ' kWh' : Math.round(wh).toLocaleString('en') + ' Wh';
}

function formatTime(iso) {
    return new Date(iso).toISOString().replace('T', ' ').slice(0, 19) + ' UTC';
}

// "12 s ago" beside every time, kept current.
function refreshAgo() {
    const now = Date.now();
    document.querySelectorAll('time[data-ago]').forEach(el => {
        const seconds = Math.max(0, Math.round((now - Date.parse(el.dateTime)) / 1000));
        const ago = seconds < 90 ? `${seconds} s ago` : seconds < 5400 ? `${Math.round(seconds / 60)} min ago`
            : seconds < 129600 ? `${Math.round(seconds / 3600)} h ago` : `${Math.round(seconds / 86400)} d ago`;
        el.title = formatTime(el.dateTime);
        el.textContent = ago;
    });
}
setInterval(refreshAgo, 5000);

// The overview's chart: the cluster's OCPP messages per second and the power of the running sessions, from the
// samples a front-end keeps (/api/statistics/series), fetched again at its sampling period.
function startOverview() {
    clearTimeout(overview.timer);
    const chart = document.querySelector('svg[data-chart="overview"]');
    if (!chart) {
        return;
    }
    const sample = async () => {
        if (!chart.isConnected) {
            return;
        }
        const response = await fetch(chart.dataset.source, { headers: { Accept: 'application/json' } });
        if (response.ok) {
            const series = await response.json();
            chart._series[0].points = series.samples.map(s => [Date.parse(s.at), s.clusterMessagesPerSecond]);
            chart._series[1].points = series.samples.map(s => [Date.parse(s.at), s.powerKw]);
            drawChart(chart);
            overview.timer = setTimeout(sample, Math.max(1, series.sampleSeconds) * 1000);
        } else {
            overview.timer = setTimeout(sample, 10000);
        }
    };
    sample();
}

// A charge point's message log: the newest frames, fetched again when its events say something happened.
const messageLog = { timer: null, pending: null };

function startMessageLog() {
    clearInterval(messageLog.timer);
    if (!document.querySelector('[data-message-log]')) {
        return;
    }
    messageLog.timer = setInterval(loadMessageLog, 5000);
}

function scheduleMessageLog() {
    clearTimeout(messageLog.pending);
    messageLog.pending = setTimeout(loadMessageLog, 300);
}

async function loadMessageLog() {
    const table = document.querySelector('[data-message-log]');
    if (!table) {
        clearInterval(messageLog.timer);
        return;
    }
    const id = table.dataset.messageLog;
    const response = await fetch(`/api/charge-points/${encodeURIComponent(id)}/messages?pageSize=${table.dataset.size || 25}`, { headers: { Accept: 'application/json' } });
    if (!response.ok) {
        return;
    }
    const page = await response.json();
    const body = table.querySelector('tbody');
    body.replaceChildren(...page.items.map(message => {
        const row = document.createElement('tr');
        for (const text of [formatTime(message.timestamp), message.direction, message.action || '', message.frame]) {
            const cell = document.createElement('td');
            cell.textContent = text;
            row.append(cell);
        }
        row.lastChild.className = 'frame';
        return row;
    }));
}

start();
if (window.Blazor) {
    window.Blazor.addEventListener('enhancedload', start);
}
