/* ia32emu view: the page's script. Every guest-derived string reaches the
 * page through textContent or setAttribute, never as markup. */
(function () {
'use strict';
const SVGNS = 'http://www.w3.org/2000/svg';
const E = [];
let bad = 0;
for (const s of TRACE) {
	try { const o = JSON.parse(s); if (o && typeof o === 'object') E.push(o); else bad++; }
	catch (err) { bad++; }
}
const hex = (n, w) => '0x' + ((Number(n) >>> 0).toString(16)).padStart(w || 8, '0');
const h4 = n => ((Number(n) >>> 0).toString(16)).padStart(4, '0');
const num = n => Number(n).toLocaleString('en-US');
const VEC = {0: '#DE divide error', 1: '#DB debug', 3: '#BP breakpoint', 6: '#UD invalid opcode',
	8: '#DF double fault', 13: '#GP general protection', 14: '#PF page fault', 32: 'timer (IRQ 0)',
	64: 'system call (int $64)', 128: 'Linux system call (int $0x80)'};

/* ---- the model: processes, crossings, switches ---- */
const procs = new Map();
const X = [];
const open = new Map(), lastX = new Map(), off = new Map();
const scheds = [], ends = [], sigs = [];
const maps = new Map(), wholeMaps = [];
const anyUa = E.some(e => e.ev === 'uaccess');
let pendingAfter = null, recent = [], tmax = 0, tmin = Infinity;
function proc(pid, t) {
	if (!procs.has(pid)) procs.set(pid, {pid: pid, name: '', t0: t, t1: t, user: 0, kern: 0});
	const p = procs.get(pid);
	p.t0 = Math.min(p.t0, t); p.t1 = Math.max(p.t1, t);
	return p;
}
for (const e of E) {
	const t = Number(e.icount) || 0;
	tmax = Math.max(tmax, t); tmin = Math.min(tmin, t);
	if (e.ev === 'insn') {
		if (pendingAfter) { pendingAfter.after = e; pendingAfter = null; }
		else { recent.push(e); if (recent.length > 4) recent.shift(); }
		continue;
	}
	const pid = Number(e.pid) || 0;
	if (e.ev === 'deliver') {
		const c = {i: X.length, pid: pid, t0: t, t1: null, d: e, before: recent, sc: null, ir: null,
			after: null, vec: Number(e.vector), kind: e.kind || ''};
		recent = [];
		if (!open.has(pid)) open.set(pid, []);
		open.get(pid).push(c);
		X.push(c); lastX.set(pid, c); proc(pid, t);
	} else if (e.ev === 'syscall') {
		/* the innermost system-call gate open in this process (a timer
		 * may have interrupted the kernel inside it) */
		const st = open.get(pid) || [];
		let c = null;
		for (let k = st.length - 1; k >= 0 && !c; k--) if (st[k].kind === 'softint') c = st[k];
		if (!c) c = lastX.get(pid);
		if (c && c.sc && !c.sc.blocked) c = null;
		if (c) { c.sc = e; if (e.blocked) c.blocked = (c.blocked || 0) + 1; }
		proc(pid, t);
	} else if (e.ev === 'iret') {
		const st = open.get(pid);
		const c = st && st.length ? st.pop() : null;
		if (c) { c.t1 = t; c.ir = e; pendingAfter = c; }
		if (pid) proc(pid, t);
	} else if (e.ev === 'sched') {
		scheds.push(e);
		const a = proc(Number(e.from_pid), t), b = proc(Number(e.to_pid), t);
		if (e.from_name) a.name = e.from_name;
		if (e.to_name) b.name = e.to_name;
		if (!off.has(a.pid)) off.set(a.pid, []);
		off.get(a.pid).push([t, null]);
		const ob = off.get(b.pid);
		if (ob && ob.length && ob[ob.length - 1][1] === null) ob[ob.length - 1][1] = t;
	} else if (e.ev === 'uaccess' || e.ev === 'trapframe') {
		/* the kernel's copies and the stub's frame belong to the
		 * innermost crossing open in this process */
		const st = open.get(pid) || [];
		const c = st.length ? st[st.length - 1] : null;
		if (c && e.ev === 'uaccess') (c.ua = c.ua || []).push(e);
		else if (c && !c.tf) c.tf = e;
	} else if (e.ev === 'map') {
		let r = e.ranges;
		if (!Array.isArray(r) && e.same !== undefined) r = wholeMaps[Number(e.same)] && wholeMaps[Number(e.same)].ranges;
		if (Array.isArray(e.ranges)) wholeMaps.push(e);
		if (Array.isArray(r)) {
			if (!maps.has(pid)) maps.set(pid, []);
			maps.get(pid).push({t: t, why: String(e.why || ''), ranges: r, cut: !!e.cut});
			proc(pid, t);
		}
	} else if (e.ev === 'signal') {
		/* a Linux signal left the pending set: a handler entered (the
		 * kernel built its frame on the user stack), ignored, or fatal */
		sigs.push(e); proc(pid, t);
	} else if (e.ev === 'proc_end') {
		ends.push(e);
		const p = proc(pid, t); p.name = e.name || p.name; p.end = e;
		for (const c of (open.get(pid) || [])) c.t1 = t;
		open.set(pid, []);
	}
}
if (!isFinite(tmin)) tmin = 0;
for (const st of open.values()) for (const c of st) c.t1 = tmax;
for (const c of X) if (c.t1 === null) c.t1 = tmax;
for (const [pid, l] of off) for (const iv of l) if (iv[1] === null) iv[1] = procs.get(pid).t1;
function offOverlap(pid, a, b) {
	let s = 0;
	for (const iv of (off.get(pid) || [])) s += Math.max(0, Math.min(b, iv[1]) - Math.max(a, iv[0]));
	return s;
}
const callName = c => c.sc ? String(c.sc.name) : c.vec === 32 ? 'timer' :
	c.kind === 'exception' ? (VEC[c.vec] || 'exception ' + c.vec).split(' ')[0] : 'vector ' + c.vec;
const callText = c => c.sc ? String(c.sc.text || c.sc.name) + (c.sc.blocked ? ' … sleeps, then restarts' : '') : (VEC[c.vec] || 'vector ' + c.vec) +
	(c.d.error !== undefined ? ' error=' + hex(c.d.error, 1) : '') + (c.d.cr2 !== undefined ? ' cr2=' + hex(c.d.cr2) : '');
/* the call as raw words, as the kernel saw them: read(0, 0x0804a000, 64) = 6 */
const rawText = c => c.sc ? String(c.sc.name) + '(' + (c.sc.args || []).map(a => Number(a) < 4096 ? String(Number(a)) : hex(a)).join(', ') +
	')' + (c.sc.ret !== undefined ? ' = ' + c.sc.ret : c.sc.blocked ? ' sleeps' : ' = ?') : callText(c);
const color = c => c.sc ? '#2f9e44' : c.vec === 32 ? '#7b4fc9' : c.kind === 'exception' ? '#d0342c' : '#1c7ed6';

/* user and kernel instructions, per process and per call (as strace -c) */
const byName = new Map();
const lastRet = new Map();
for (const c of X) {
	const p = procs.get(c.pid);
	const k = Math.max(0, c.t1 - c.t0 - offOverlap(c.pid, c.t0, c.t1));
	const from = lastRet.has(c.pid) ? lastRet.get(c.pid) : p.t0;
	const u = Math.max(0, c.t0 - from - offOverlap(c.pid, from, c.t0));
	lastRet.set(c.pid, c.t1);
	p.kern += k; p.user += u;
	const n = callName(c);
	if (!byName.has(n)) byName.set(n, {name: n, calls: 0, errors: 0, kern: 0, user: 0, sys: !!c.sc});
	const s = byName.get(n);
	/* a call that slept returns to its int $64 and enters again: the
	 * restart is the call (as strace -c counts it), this crossing's
	 * instructions are the call's too */
	if (!(c.sc && c.sc.blocked)) s.calls++;
	s.kern += k; s.user += u;
	if (c.sc && c.sc.errno) s.errors++;
}

/* ---- DOM helpers ---- */
function el(tag, attrs, text) {
	const x = document.createElement(tag);
	for (const k in (attrs || {})) x.setAttribute(k, attrs[k]);
	if (text !== undefined) x.textContent = String(text);
	return x;
}
function sv(tag, attrs, text) {
	const x = document.createElementNS(SVGNS, tag);
	for (const k in (attrs || {})) x.setAttribute(k, attrs[k]);
	if (text !== undefined) x.textContent = String(text);
	return x;
}
const body = document.body;
body.appendChild(el('h1', {}, 'ia32emu: ' + (body.getAttribute('data-title') || 'trace')));
body.appendChild(el('p', {class: 'sub'}, num(procs.size) + ' process(es), ' + num(X.length) +
	' crossings, ' + num(tmax - tmin) + ' guest instructions' +
	(THINNED.crossings > THINNED.detail ? ' — large run: the first ' + THINNED.detail +
	' crossings in full, the rest by time only' : '') + (bad ? ' — ' + bad + ' unreadable lines skipped' : '')));

/* ---- the timeline ---- */
const bar = el('div', {class: 'bar'});
const bIn = el('button', {id: 'zoom-in', title: 'zoom in (wheel)'}, '+');
const bOut = el('button', {id: 'zoom-out', title: 'zoom out (wheel)'}, '−');
const bFit = el('button', {id: 'zoom-fit'}, 'fit');
const bL = el('button', {id: 'pan-left'}, '◀'), bR = el('button', {id: 'pan-right'}, '▶');
const range = el('span', {class: 'note', id: 'range'});
[bIn, bOut, bFit, bL, bR, range].forEach(b => bar.appendChild(b));
body.appendChild(bar);
/* a lane per process, the first MAX_LANES of them (the others are in the
 * summary and the list) */
const MAX_LANES = 48;
const allLanes = [...procs.values()].filter(p => p.pid !== 0).sort((a, b) => a.pid - b.pid);
const lanes = allLanes.slice(0, MAX_LANES);
if (allLanes.length > MAX_LANES)
	body.appendChild(el('p', {class: 'note', id: 'lanes-cut'}, 'The first ' + MAX_LANES + ' of ' + allLanes.length +
		' processes have a lane; the others\u2019 crossings are in the summary and the list.'));
const laneY = new Map();
const W = Math.max(900, Math.min(1600, (window.innerWidth || 1200) - 40));
const LH = 86, TOP = 34, LEFT = 150;
lanes.forEach((p, i) => laneY.set(p.pid, TOP + i * LH));
const H = TOP + lanes.length * LH + 24;
const svg = sv('svg', {id: 'tl', width: W, height: H, viewBox: '0 0 ' + W + ' ' + H});
body.appendChild(svg);
const legend = el('div', {class: 'legend'});
[['#4a7bd0', 'user mode (CPL 3)'], ['#d9822b', 'kernel mode (CPL 0)'], ['#c9ced8', 'not running (another process has the CPU)'],
 ['#2f9e44', 'system call'], ['#d0342c', 'exception'], ['#7b4fc9', 'timer interrupt'], ['#888', 'context switch (dashed)'],
 ['#e64980', 'signal (\u25c6: to its handler, \u25c7: ignored, \u2716: fatal)']]
	.forEach(([c, t]) => { const s = el('span'); s.appendChild(el('i', {style: 'background:' + c})); s.appendChild(document.createTextNode(t)); legend.appendChild(s); });
body.appendChild(legend);
body.appendChild(el('p', {class: 'note'}, 'Wheel: zoom at the pointer; drag: pan; click a crossing (or a row below) for its anatomy.'));

let v0 = tmin, v1 = Math.max(tmax, tmin + 1);
const xOf = t => LEFT + (t - v0) / (v1 - v0) * (W - LEFT - 10);
let selected = null;
function draw() {
	while (svg.firstChild) svg.removeChild(svg.firstChild);
	range.textContent = 'instructions ' + num(Math.round(v0)) + ' – ' + num(Math.round(v1));
	const clip = sv('clipPath', {id: 'clip'}); clip.appendChild(sv('rect', {x: LEFT, y: 0, width: W - LEFT, height: H}));
	svg.appendChild(clip);
	const g = sv('g', {'clip-path': 'url(#clip)'});
	/* the time axis */
	const step = Math.pow(10, Math.floor(Math.log10(Math.max(1, (v1 - v0) / 6))));
	for (let t = Math.ceil(v0 / step) * step; t <= v1; t += step) {
		g.appendChild(sv('line', {x1: xOf(t), x2: xOf(t), y1: 18, y2: H - 20, stroke: '#eef0f4'}));
		g.appendChild(sv('text', {x: xOf(t) + 2, y: H - 6, fill: '#6b7380'}, num(t)));
	}
	for (const p of lanes) {
		const y = laneY.get(p.pid);
		svg.appendChild(sv('text', {x: 6, y: y + 24, class: 'lane-name'}, 'pid ' + p.pid + ' ' + (p.name || '')));
		svg.appendChild(sv('text', {x: 6, y: y + 40, class: 'band-name'}, 'user  CPL 3'));
		svg.appendChild(sv('text', {x: 6, y: y + 62, class: 'band-name'}, 'kernel CPL 0'));
		const a = Math.max(p.t0, v0), b = Math.min(p.t1, v1);
		if (b > a) g.appendChild(sv('rect', {x: xOf(a), y: y + 28, width: Math.max(1, xOf(b) - xOf(a)), height: 16, fill: '#4a7bd0'}));
	}
	/* kernel spans, then the time off the CPU over them */
	const vis = X.filter(c => c.t1 >= v0 && c.t0 <= v1 && laneY.has(c.pid));
	for (const c of vis) {
		const y = laneY.get(c.pid);
		g.appendChild(sv('rect', {x: xOf(c.t0), y: y + 28, width: Math.max(1, xOf(c.t1) - xOf(c.t0)), height: 16, fill: '#fff'}));
		g.appendChild(sv('rect', {x: xOf(c.t0), y: y + 50, width: Math.max(1, xOf(c.t1) - xOf(c.t0)), height: 16, fill: '#d9822b'}));
	}
	for (const [pid, l] of off) {
		if (!laneY.has(pid)) continue;
		const y = laneY.get(pid);
		for (const iv of l) if (iv[1] >= v0 && iv[0] <= v1)
			g.appendChild(sv('rect', {x: xOf(iv[0]), y: y + 28, width: Math.max(1, xOf(iv[1]) - xOf(iv[0])), height: 38, fill: '#c9ced8'}));
	}
	for (const s of scheds) {
		const t = Number(s.icount);
		if (t < v0 || t > v1 || !laneY.has(Number(s.from_pid)) || !laneY.has(Number(s.to_pid))) continue;
		const l = sv('line', {x1: xOf(t), x2: xOf(t), y1: laneY.get(Number(s.from_pid)) + 58, y2: laneY.get(Number(s.to_pid)) + 58,
			stroke: '#888', 'stroke-dasharray': '4 3', 'stroke-width': 1.5, class: 'switch'});
		l.appendChild(sv('title', {}, 'switch (' + s.why + '): pid ' + s.from_pid + ' → pid ' + s.to_pid + ' at ' + num(t)));
		g.appendChild(l);
	}
	/* signals: where each left the pending set, on the user band of its process */
	for (const e of sigs) {
		const t = Number(e.icount), pid = Number(e.pid);
		if (t < v0 || t > v1 || !laneY.has(pid)) continue;
		const y = laneY.get(pid) + 36, x = xOf(t), act = String(e.action || '');
		const sg = sv('g', {class: 'signal', 'data-name': String(e.name || ''), 'data-action': act, 'data-pid': pid});
		sg.appendChild(sv('title', {}, '[pid ' + pid + '] ' + String(e.text || e.name) + '\n' +
			(act === 'handler' ? 'to its handler at ' + hex(e.eip) + ', ' + String(e.frame_kind || 'frame') + ' at ' + hex(e.frame) :
			 act === 'ignore' ? 'ignored' : 'its default action ends the process') + '\ninstruction ' + num(t)));
		const d = 'M' + x + ',' + (y - 7) + 'l7,7l-7,7l-7,-7z';
		sg.appendChild(sv('path', {d: d, fill: act === 'handler' ? '#e64980' : '#fff', stroke: '#e64980', 'stroke-width': 2}));
		if (act === 'kill') sg.appendChild(sv('path', {d: 'M' + (x - 4) + ',' + (y - 4) + 'l8,8m0,-8l-8,8', stroke: '#e64980', 'stroke-width': 2}));
		g.appendChild(sg);
	}
	/* the crossings: a down arrow at the gate, an up arrow at the iret; one per 2 px when dense */
	const dense = vis.length > 1500;
	const taken = new Map();
	const labelEnd = new Map();
	for (const c of vis) {
		const y = laneY.get(c.pid), x0 = xOf(c.t0), x1 = xOf(c.t1);
		if (dense) { const k = c.pid + ':' + Math.round(x0 / 2); if (taken.has(k)) continue; taken.set(k, 1); }
		const cg = sv('g', {class: 'crossing' + (selected === c ? ' sel' : ''), 'data-i': c.i, 'data-name': callName(c), 'data-pid': c.pid});
		cg.appendChild(sv('title', {}, '[pid ' + c.pid + '] ' + callText(c) + '\n' + rawText(c) + '\ninstructions ' + num(c.t0) + '–' + num(c.t1)));
		cg.appendChild(sv('line', {x1: x0, x2: x0, y1: y + 26, y2: y + 68, stroke: color(c), 'stroke-width': 2}));
		cg.appendChild(sv('path', {d: 'M' + (x0 - 4) + ',' + (y + 62) + 'l4,6l4,-6z', fill: color(c)}));
		if (x1 - x0 > 3) {
			cg.appendChild(sv('line', {x1: x1, x2: x1, y1: y + 26, y2: y + 68, stroke: color(c), 'stroke-width': 1, 'stroke-dasharray': '2 2'}));
			cg.appendChild(sv('path', {d: 'M' + (x1 - 4) + ',' + (y + 32) + 'l4,-6l4,6z', fill: color(c)}));
		}
		cg.appendChild(sv('rect', {x: x0 - 4, y: y + 4, width: Math.max(8, x1 - x0 + 8), height: 66, fill: 'transparent'}));
		const txt = callText(c), tw = txt.length * 7.2;
		const row = (labelEnd.get(c.pid + ':0') || -1) < x0 ? 0 : (labelEnd.get(c.pid + ':1') || -1) < x0 ? 1 : -1;
		if (row >= 0 && !dense && x0 + tw < W + 200) {
			cg.appendChild(sv('text', {x: x0 + 2, y: y + 10 + row * 12, fill: '#1d2430', class: 'label'}, txt));
			labelEnd.set(c.pid + ':' + row, x0 + tw + 8);
		}
		cg.addEventListener('click', () => select(c));
		g.appendChild(cg);
	}
	svg.appendChild(g);
}
function zoom(f, at) {
	const m = at === undefined ? (v0 + v1) / 2 : at;
	let n0 = m - (m - v0) * f, n1 = m + (v1 - m) * f;
	if (n1 - n0 < 4) { n0 = m - 2; n1 = m + 2; }
	v0 = Math.max(tmin - 1, n0); v1 = Math.min(tmax + 1, n1);
	if (v1 <= v0) { v0 = tmin; v1 = tmax + 1; }
	draw();
}
function pan(dt) {
	const w = v1 - v0;
	v0 = Math.min(Math.max(tmin - 1, v0 + dt), tmax + 1 - w); v1 = v0 + w;
	draw();
}
const tOf = px => v0 + (px - LEFT) / (W - LEFT - 10) * (v1 - v0);
bIn.onclick = () => zoom(0.5); bOut.onclick = () => zoom(2);
bFit.onclick = () => { v0 = tmin; v1 = Math.max(tmax, tmin + 1); draw(); };
bL.onclick = () => pan(-(v1 - v0) / 3); bR.onclick = () => pan((v1 - v0) / 3);
svg.addEventListener('wheel', ev => {
	ev.preventDefault();
	const r = svg.getBoundingClientRect();
	zoom(ev.deltaY > 0 ? 1.25 : 0.8, tOf((ev.clientX - r.left) * W / r.width));
}, {passive: false});
let drag = null;
svg.addEventListener('mousedown', ev => { drag = {x: ev.clientX, v0: v0, v1: v1}; });
window.addEventListener('mouseup', () => { drag = null; });
window.addEventListener('mousemove', ev => {
	if (!drag) return;
	const r = svg.getBoundingClientRect();
	const dt = (ev.clientX - drag.x) * W / r.width / (W - LEFT - 10) * (drag.v1 - drag.v0);
	if (Math.abs(dt) > 0) { v0 = drag.v0 - dt; v1 = drag.v1 - dt; draw(); }
});

/* ---- the anatomy of one crossing ---- */
body.appendChild(el('h2', {}, 'Anatomy of a crossing'));
const anat = el('div', {id: 'anatomy'});
body.appendChild(anat);
function section(title, cls) {
	const s = el('section', {class: cls || ''}); s.appendChild(el('h3', {}, title));
	const t = el('table'); s.appendChild(t); anat.appendChild(s);
	return (k, v, key, vcls) => {
		const tr = el('tr'); tr.appendChild(el('td', {}, k));
		const td = el('td', key ? {'data-k': key} : {}, v); if (vcls) td.className = vcls;
		tr.appendChild(td); t.appendChild(tr);
	};
}
const MISSING = 'not in the trace';
function select(c) {
	selected = c;
	while (anat.firstChild) anat.removeChild(anat.firstChild);
	anat.setAttribute('data-i', c.i);
	const d = c.d, sc = c.sc, ir = c.ir, p = procs.get(c.pid) || {};
	const userEsp = ir && ir.esp !== undefined ? Number(ir.esp) : null;
	let r = section('1 · user side (CPL ' + (d.old_cpl !== undefined ? d.old_cpl : '?') + ')');
	r('process', 'pid ' + c.pid + ' ' + (p.name || ''), 'pid');
	for (const b of c.before) r(hex(b.eip), String(b.text || ''), 'insn');
	if (d.from_eip !== undefined) r('return EIP', hex(d.from_eip), 'from_eip');
	if (sc) {
		r('eax', sc.nr + ' (' + sc.name + ')', 'eax');
		if (userEsp !== null) r('user ESP', hex(userEsp), 'user_esp');
		(sc.args || []).forEach((a, i) => r(userEsp !== null ? 'arg ' + i + ' [' + hex(userEsp + 4 + 4 * i) + ']' : 'arg ' + i, hex(a) + ((Number(a) >>> 0) < 0x10000 ? ' = ' + Number(a) : ''), 'arg' + i));
	} else if (c.kind === 'exception') r('cause', callText(c), 'cause');
	if (d.short) r('detail', 'thinned (large run): time and vector only', '', 'missing');
	r = section('2 · the gate: IDT[' + c.vec + ']', 'k');
	r('vector', c.vec + ' (' + hex(c.vec, 2) + ') ' + (VEC[c.vec] || ''), 'vector');
	r('source', c.kind, 'kind');
	if (d.gate) r('gate type', d.gate + ' gate' + (d.gate === 'interrupt' ? ' (clears IF)' : ' (IF kept)'), 'gate');
	if (d.dpl !== undefined) {
		if (c.kind === 'softint')
			r('DPL ≥ CPL', 'DPL ' + d.dpl + ' ≥ CPL ' + d.old_cpl + (Number(d.dpl) >= Number(d.old_cpl) ? ': allowed' : ': #GP'), 'dplcheck',
				Number(d.dpl) >= Number(d.old_cpl) ? 'ok' : 'bad');
		else r('DPL', d.dpl + ' (not checked: only INT n checks it, SDM 6.12.1.1)', 'dplcheck');
	}
	if (d.old_cpl !== undefined) r('CPL', d.old_cpl + ' → ' + d.new_cpl, 'cpl');
	if (d.ss !== undefined) {
		const priv = Number(d.old_cpl) !== Number(d.new_cpl);
		const slots = (priv ? 5 : 3) + (d.error !== undefined ? 1 : 0);
		r('SS:ESP after pushes', h4(d.ss) + ':' + hex(d.esp), 'kstack');
		if (priv) r('TSS SS0:ESP0', h4(d.ss) + ':' + hex(Number(d.esp) + 4 * slots) + ' (ESP + ' + 4 * slots + ')', 'tss');
		/* the pushed words, lowest address first, as the CPU left them */
		const names = (d.error !== undefined ? ['error code'] : []).concat(['old EIP', 'old CS', 'EFLAGS'], priv ? ['old ESP', 'old SS'] : []);
		const fw = Array.isArray(d.frame) && d.frame.length === names.length ? d.frame : null;
		for (let k = names.length - 1; k >= 0; k--) {
			const a = Number(d.esp) + 4 * k, n = names[k];
			const v = fw ? (n === 'old CS' || n === 'old SS' ? h4(fw[k]) : hex(fw[k])) : MISSING;
			r('[' + hex(a) + '] ' + n, v, 'push_' + n.replace(/ /g, '_'), fw ? '' : 'missing');
		}
	}
	if (d.cs !== undefined) r('handler CS:EIP', h4(d.cs) + ':' + hex(d.eip) + (d.sym ? ' <' + d.sym + '>' : ''), 'handler');
	if (d.cr2 !== undefined) r('CR2', hex(d.cr2), 'cr2');
	stubPushes(r, c);
	r = section('3 · the kernel (CPL 0)', 'k');
	if (sc) {
		r('table entry', 'syscalls[' + sc.nr + '] = ' + sc.name, 'entry');
		r('call', String(sc.text || sc.name), 'call');
		r('raw words', rawText(c), 'raw');
		if (sc.ret !== undefined) r('result (eax in the frame)', sc.ret + (sc.errno ? ' ' + sc.errno : '') + ' = ' + hex(sc.ret), 'ret');
		else r('result', sc.blocked ? 'blocked: sleeps and restarts' : 'none: the process ended', 'ret');
		if (c.blocked) r('slept', c.blocked + ' time(s)', 'blocked');
	} else r('handler', callText(c), 'call');
	r('kernel instructions', num(Math.max(0, c.t1 - c.t0 - offOverlap(c.pid, c.t0, c.t1))) + ' (' + num(c.t0) + ' → ' + num(c.t1) + ')', 'kinsns');
	copies(r, c);
	r = section('4 · the return: iret');
	if (ir && ir.cs !== undefined) {
		r('CS:EIP', h4(ir.cs) + ':' + hex(ir.eip), 'iret_cseip');
		r('CS RPL', (Number(ir.cs) & 3) + ((Number(ir.cs) & 3) > Number(ir.old_cpl) ? ' > CPL ' + ir.old_cpl + ': outer level, pops SS:ESP' : ' = CPL: same level'), 'rpl');
		r('SS:ESP', h4(ir.ss) + ':' + hex(ir.esp), 'iret_ssesp');
		r('CPL', ir.old_cpl + ' → ' + ir.new_cpl, 'iret_cpl');
		r('EFLAGS restored', ir.eflags !== undefined ? hex(ir.eflags) + (Number(ir.eflags) & 0x200 ? ' (IF=1)' : ' (IF=0)') : MISSING, 'iret_eflags', ir.eflags !== undefined ? '' : 'missing');
		if (c.after) r('first instruction back', hex(c.after.eip) + '  ' + c.after.text, 'after');
	} else r('return', ir ? 'thinned (large run)' : p.end ? 'none: the process ended (' + p.end.how + ')' : 'none in the trace', 'iret_cseip');
	showMap(c.pid, c.t0);
	for (const x of svg.querySelectorAll('.crossing')) x.classList.toggle('sel', Number(x.getAttribute('data-i')) === c.i);
	for (const x of callsT.querySelectorAll('tr')) x.classList.toggle('sel', Number(x.getAttribute('data-i')) === c.i);
}

/* the stub's pushes: the frame above the CPU's words, slot by slot
 * (struct trapframe, lowest address first: pushal, gs fs es ds, the
 * vector, the error code, then the CPU's words) */
const TF_NAMES = ['edi', 'esi', 'ebp', 'oesp', 'ebx', 'edx', 'ecx', 'eax', 'gs', 'fs', 'es', 'ds', 'trapno', 'err'];
const TF_WHAT = {edi: 'pushal', esi: 'pushal', ebp: 'pushal', oesp: 'pushal: ESP before pushal (ignored by popal)', ebx: 'pushal', edx: 'pushal',
	ecx: 'pushal', eax: 'pushal: the call number, the result is written here', gs: 'pushl %gs', fs: 'pushl %fs', es: 'pushl %es', ds: 'pushl %ds',
	trapno: 'pushl $vector', err: 'error code'};
function stubPushes(r, c) {
	const f = c.tf;
	if (!f || !Array.isArray(f.words) || f.words.length < 14) {
		r('the stub\u2019s pushes', c.d.short ? 'thinned (large run)' : 'in the trace for system calls (trace --html)', 'stub', 'missing');
		return;
	}
	const a0 = Number(f.addr);
	r('the stub\u2019s pushes', 'the trap frame at ' + hex(a0) + ', pushed from the top down', 'stub');
	const cpuErr = c.d.error !== undefined;
	for (let k = 13; k >= 0; k--) {
		const n = TF_NAMES[k], v = Number(f.words[k]);
		let what = TF_WHAT[n];
		if (n === 'err') what = cpuErr ? 'error code, pushed by the CPU' : 'pushl $0 (no CPU error code)';
		const val = (k >= 8 && k <= 11) ? h4(v) : hex(v);
		r('[' + hex(a0 + 4 * k) + '] ' + n, val + '  ' + what, 'stub_' + n);
	}
}
/* a page walk as the kernel's check saw it: PDE and PTE with their U/S and R/W */
const bits = e => 'P=' + (e & 1) + ' R/W=' + ((e >> 1) & 1) + ' U/S=' + ((e >> 2) & 1);
function copies(r, c) {
	const ua = c.ua || [];
	if (!ua.length) {
		r('copyin/copyout', c.d.short ? 'thinned (large run)' : c.sc ? 'none: the call touched no user memory' +
			(anyUa ? '' : ' (or the trace has no uaccess events: trace --html has them)') : 'none', 'walks', c.sc ? '' : 'missing');
		return;
	}
	ua.forEach((u, i) => {
		const bad = Number(u.result) < 0;
		r(String(u.fn), hex(u.uva) + ', ' + num(u.len) + ' bytes' + (u.write ? ' (user ← kernel)' : ' (kernel ← user)') + ' = ' +
			u.result + (u.errno ? ' -' + u.errno : ''), 'ua' + i, bad ? 'bad' : 'ok');
		(u.walks || []).forEach((w, j) => {
			const pde = Number(w.pde) >>> 0, pte = Number(w.pte) >>> 0;
			const u_s = (pde & pte & 4) ? 1 : 0, r_w = (pde & pte & 2) ? 1 : 0;
			r('  walk ' + hex(w.va), 'PDE ' + hex(pde) + ' [' + bits(pde) + ']' + ((pde & 1) ? '  PTE ' + hex(pte) + ' [' + bits(pte) + ']' : '') +
				' → U/S=' + u_s + ' R/W=' + r_w + (w.ok ? ': allowed' : ': refused, #PF error ' + hex(w.pf_err, 1) + ' as a user access would get'),
				'ua' + i + '_w' + j, w.ok ? '' : 'bad');
			if (j === (u.walks.length - 2) && Number(u.npages) > u.walks.length)
				r('  …', (Number(u.npages) - u.walks.length) + ' more pages, all allowed', '');
		});
	});
}

/* ---- the address-space map of a process at a time ---- */
body.appendChild(el('h2', {}, 'Address space'));
const mapNote = el('p', {class: 'note'}, 'Click a lane of the timeline (or a crossing) to see the map of that process at that time.');
body.appendChild(mapNote);
const mapBox = el('div', {id: 'map'});
body.appendChild(mapBox);
function mapAt(pid, t) {
	const l = maps.get(pid) || [];
	let m = null;
	for (const x of l) if (x.t <= t) m = x;
	return m || null;
}
const fmtSize = b => b >= 1 << 20 ? (b / (1 << 20)).toFixed(b % (1 << 20) ? 1 : 0) + ' MiB' : b >= 1024 ? (b / 1024) + ' KiB' : b + ' B';
function showMap(pid, t) {
	while (mapBox.firstChild) mapBox.removeChild(mapBox.firstChild);
	const m = mapAt(pid, t), p = procs.get(pid) || {};
	mapBox.setAttribute('data-pid', pid);
	mapBox.setAttribute('data-t', Math.round(t));
	if (!m) {
		mapBox.appendChild(el('p', {class: 'note', id: 'map-none'}, 'No map of pid ' + pid + ' at instruction ' + num(Math.round(t)) +
			(maps.size ? ' (its first map comes later)' : ' in this trace (trace --html, or --trace map, records them)')));
		return;
	}
	mapBox.appendChild(el('p', {id: 'map-title'}, 'pid ' + pid + ' ' + (p.name || '') + ' at instruction ' + num(Math.round(t)) +
		': the map since ' + m.why + ' at ' + num(m.t) + (m.cut ? ' (cut: too many ranges)' : '')));
	const tb = el('table', {id: 'map-table'});
	const hr = el('tr');
	['range', 'size', 'pages', 'U/S', 'R/W', 'what'].forEach(h => hr.appendChild(el('th', {}, h)));
	tb.appendChild(hr);
	for (const rg of m.ranges) {
		const a = Number(rg[0]) >>> 0, n = Number(rg[1]), at = String(rg[2]), what = String(rg[3]);
		const present = at[1] === 'r';
		const kern = a >= 0xc0000000;
		const tr = el('tr', {class: 'map-row ' + (!present ? 'guard' : kern ? 'kern' : 'user'), 'data-start': hex(a), 'data-pages': n, 'data-attrs': at, 'data-what': what});
		tr.appendChild(el('td', {}, hex(a) + '–' + hex(a + n * 4096 - 1)));
		tr.appendChild(el('td', {}, fmtSize(n * 4096)));
		tr.appendChild(el('td', {}, num(n)));
		tr.appendChild(el('td', {}, !present ? 'not present' : at[0] === 'u' ? '1 user' : '0 supervisor'));
		tr.appendChild(el('td', {}, !present ? '' : at[2] === 'w' ? '1 read/write' : '0 read-only'));
		tr.appendChild(el('td', {}, what));
		tb.appendChild(tr);
	}
	mapBox.appendChild(tb);
}
svg.addEventListener('click', ev => {
	if (ev.target.closest && ev.target.closest('.crossing')) return;
	const r = svg.getBoundingClientRect();
	const x = (ev.clientX - r.left) * W / r.width, y = (ev.clientY - r.top) * H / r.height;
	for (const [pid, ly] of laneY) if (y >= ly && y < ly + LH && x >= LEFT) { showMap(pid, tOf(x)); break; }
});

/* ---- the summary (as strace -c) and the list ---- */
body.appendChild(el('h2', {}, 'Summary'));
const sum = el('table', {id: 'summary'});
const hr = el('tr');
['calls', 'errors', 'kernel insns', 'kernel/call', 'user insns', 'user/call', 'crossing'].forEach(h => hr.appendChild(el('th', {}, h)));
sum.appendChild(hr);
const rows = [...byName.values()].sort((a, b) => b.kern - a.kern || a.name.localeCompare(b.name));
let tot = {calls: 0, errors: 0, kern: 0, user: 0};
for (const s of rows) {
	const tr = el('tr', {class: s.sys ? 'sum-row' : 'sum-other', 'data-name': s.name, 'data-calls': s.calls});
	[s.calls, s.errors, num(s.kern), num(Math.round(s.kern / s.calls)), num(s.user), num(Math.round(s.user / s.calls)), s.name]
		.forEach(v => tr.appendChild(el('td', {}, v)));
	sum.appendChild(tr);
	tot.calls += s.calls; tot.errors += s.errors; tot.kern += s.kern; tot.user += s.user;
}
const tt = el('tr', {class: 'sum-total', 'data-calls': tot.calls});
[tot.calls, tot.errors, num(tot.kern), '', num(tot.user), '', 'total'].forEach(v => tt.appendChild(el('td', {}, v)));
sum.appendChild(tt);
body.appendChild(sum);
const pl = el('p', {class: 'note'});
pl.textContent = lanes.map(p => 'pid ' + p.pid + ' ' + (p.name || '') + ': ' + num(p.user) + ' user, ' + num(p.kern) + ' kernel instructions' +
	(p.end ? ', ' + p.end.how + ' (status ' + p.end.status + ')' : '')).join(' · ');
body.appendChild(pl);
body.appendChild(el('h2', {}, 'Crossings'));
const callsT = el('table', {id: 'calls'});
const LIST_MAX = 5000;
for (const c of X.slice(0, LIST_MAX)) {
	const tr = el('tr', {class: 'call', 'data-i': c.i, 'data-name': callName(c), 'data-pid': c.pid});
	tr.appendChild(el('td', {}, num(c.t0)));
	tr.appendChild(el('td', {}, '[pid ' + c.pid + ']'));
	tr.appendChild(el('td', {}, callText(c)));
	tr.addEventListener('click', () => select(c));
	callsT.appendChild(tr);
}
body.appendChild(callsT);
if (X.length > LIST_MAX) body.appendChild(el('p', {class: 'note'}, (X.length - LIST_MAX) + ' more crossings are on the timeline only.'));

draw();
const m = /#cross=(\d+)/.exec(location.hash);
const first = m ? X[Number(m[1])] : X.find(c => c.sc) || X[0];
if (first) select(first);
else if (lanes.length) showMap(lanes[0].pid, tmax);
/* how long the page took to open: navigation start to everything drawn */
body.setAttribute('data-ms', String(Math.round(performance.now())));
if (!body.hasAttribute('data-error')) body.setAttribute('data-ok', '1');
})();
