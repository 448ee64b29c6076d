// Steward's pages work without JavaScript; this script adds GOV.UK Frontend's behaviour and draws
// each table marked data-chart as a line chart above it (the table stays: it is the chart's text).
import { initAll } from '/assets/govuk-frontend.min.js'

document.body.classList.add('js-enabled', 'govuk-frontend-supported')
initAll()

const COLOURS = ['#1d70b8', '#d4351c', '#00703c', '#4c2c92', '#f47738', '#28a197']

function number (text) {
  const n = Number(String(text).replace(/[£,\s%]/g, ''))
  return Number.isFinite(n) ? n : null
}

function draw (table) {
  if (typeof uPlot === 'undefined') return
  const heads = [...table.querySelectorAll('thead th')].map(th => th.textContent.trim())
  const rows = [...table.querySelectorAll('tbody tr')]
  if (rows.length < 2 || heads.length < 2) return
  const xs = rows.map(r => Date.parse(r.cells[0].textContent.trim()) / 1000)
  if (xs.some(Number.isNaN)) return
  const series = heads.slice(1).map((_, i) => rows.map(r => number(r.cells[i + 1].textContent)))
  const box = document.createElement('div')
  box.className = 'steward-chart'
  box.setAttribute('aria-hidden', 'true')
  table.parentElement.before(box)
  const width = Math.min(960, box.getBoundingClientRect().width || 640)
  // eslint-disable-next-line new-cap, no-undef
  new uPlot({
    title: table.dataset.chart,
    width,
    height: 300,
    // Each series on its own scale (left, then right), so a small figure beside a large one shows.
    series: [{}].concat(heads.slice(1).map((label, i) => ({ label, scale: 's' + i, stroke: COLOURS[i % COLOURS.length], width: 2 }))),
    axes: [{}].concat(heads.slice(1, 3).map((label, i) => ({ scale: 's' + i, side: i === 0 ? 3 : 1, size: 70, label, grid: { show: i === 0 } })))
  }, [xs, ...series], box)
}

document.querySelectorAll('table[data-chart]').forEach(draw)
