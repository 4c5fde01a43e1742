package com.example.mskqueue.producer.status;

/**
 * The status page: a static shell whose script reads {@code status.json} every two
 * seconds and draws the lag per partition as bars, the group's members and the batches'
 * progress.
 */
final class StatusPage {

	static final String HTML = """
			<!DOCTYPE html>
			<html lang="en">
			<head>
			<meta charset="utf-8">
			<title>Queue status - msk-producer</title>
			<style>
			  body { font-family: sans-serif; margin: 2em; }
			  table { border-collapse: collapse; margin-bottom: 1.5em; }
			  td, th { padding: 0.2em 0.8em; text-align: left; border-bottom: 1px solid #ddd; }
			  .bar { background: #4a7; height: 1em; display: inline-block; }
			  .figures span { margin-right: 2em; }
			  .complete { color: #275; font-weight: bold; }
			</style>
			</head>
			<body>
			<h1>Queue status</h1>
			<p class="figures">
			  <span>SumOffsetLag <b id="sum-lag">-</b></span>
			  <span>MaxOffsetLag <b id="max-lag">-</b></span>
			  <span>EstimatedMaxTimeLag <b id="time-lag">-</b> s</span>
			  <span>skew (max / mean partition lag) <b id="skew">-</b></span>
			  <span>group <b id="group">-</b> (<span id="group-state">-</span>)</span>
			</p>
			<h2>Partitions of <span id="topic">-</span></h2>
			<table id="partitions"><thead><tr><th>partition</th><th>end offset</th><th>committed</th><th>lag</th><th></th></tr></thead><tbody></tbody></table>
			<h2>Members</h2>
			<table id="members"><thead><tr><th>client</th><th>host</th><th>partitions</th></tr></thead><tbody></tbody></table>
			<p>Idle members (no partition, so no work): <b id="idle-count">0</b></p>
			<h2>Batches</h2>
			<table id="batches"><thead><tr><th>batch</th><th>topic</th><th>sent</th><th>done</th><th>dead-lettered</th><th>state</th></tr></thead><tbody></tbody></table>
			<p><a href="/msk-producer">Send more jobs</a> &middot; updated <span id="updated">-</span></p>
			<script>
			function cell(text) { const td = document.createElement('td'); td.textContent = text; return td; }
			function row(cells) { const tr = document.createElement('tr'); cells.forEach(c => tr.appendChild(c)); return tr; }
			function fill(id, rows) { const body = document.querySelector('#' + id + ' tbody'); body.replaceChildren(...rows); }
			async function refresh() {
			  try {
			    const status = await (await fetch('/msk-producer/status.json')).json();
			    const lag = status.lag;
			    document.getElementById('sum-lag').textContent = status.sumOffsetLag;
			    document.getElementById('max-lag').textContent = status.maxOffsetLag;
			    document.getElementById('time-lag').textContent = status.estimatedMaxTimeLagSeconds.toFixed(1);
			    document.getElementById('skew').textContent = status.skew.toFixed(2);
			    document.getElementById('idle-count').textContent = status.idleMembers.length;
			    if (lag) {
			      document.getElementById('topic').textContent = lag.topic;
			      document.getElementById('group').textContent = lag.group;
			      document.getElementById('group-state').textContent = lag.groupState;
			      const widest = Math.max(1, ...lag.partitions.map(p => p.lag));
			      fill('partitions', lag.partitions.map(p => {
			        const bar = document.createElement('span');
			        bar.className = 'bar';
			        bar.style.width = (200 * p.lag / widest) + 'px';
			        const barCell = document.createElement('td');
			        barCell.appendChild(bar);
			        return row([cell(p.partition), cell(p.endOffset), cell(p.committedOffset < 0 ? 'none' : p.committedOffset), cell(p.lag), barCell]);
			      }));
			      fill('members', lag.members.map(m => row([cell(m.clientId), cell(m.host), cell(m.partitions.length ? m.partitions.join(', ') : 'none (idle)')])));
			    }
			    fill('batches', status.batches.map(b => {
			      const state = cell(b.complete ? 'done' : 'in progress');
			      state.className = b.complete ? 'complete' : '';
			      const tr = row([cell(b.id), cell(b.topic), cell(b.sent), cell(b.done), cell(b.deadLettered), state]);
			      tr.id = 'batch-' + b.id;
			      return tr;
			    }));
			    document.getElementById('updated').textContent = new Date().toLocaleTimeString();
			  } catch (e) {
			    document.getElementById('updated').textContent = 'failed: ' + e;
			  }
			}
			refresh();
			setInterval(refresh, 2000);
			</script>
			</body>
			</html>
			""";

	private StatusPage() {
	}

}
