// hpccoder leaderboard: sortable tables and the task filter. No libraries, works from file://.
"use strict";

function cellKey(row, index) {
  const cell = row.cells[index];
  if (!cell) return { missing: true };
  const raw = cell.hasAttribute("data-sort") ? cell.getAttribute("data-sort") : cell.textContent.trim();
  if (raw === "" || raw === "-") return { missing: true };
  const num = Number(raw);
  return Number.isNaN(num) ? { text: raw.toLowerCase() } : { num: num };
}

function compareKeys(a, b) {
  if (a.num !== undefined && b.num !== undefined) return a.num - b.num;
  const x = a.num !== undefined ? String(a.num) : a.text;
  const y = b.num !== undefined ? String(b.num) : b.text;
  return x < y ? -1 : x > y ? 1 : 0;
}

function sortTable(table, index, header) {
  const body = table.tBodies[0];
  const descending = header.getAttribute("aria-sort") !== "descending";
  const rows = Array.from(body.rows);
  rows.sort(function (ra, rb) {
    const a = cellKey(ra, index), b = cellKey(rb, index);
    if (a.missing || b.missing) return (a.missing ? 1 : 0) - (b.missing ? 1 : 0);  // blanks stay last
    const c = compareKeys(a, b);
    return descending ? -c : c;
  });
  rows.forEach(function (r) { body.appendChild(r); });
  table.querySelectorAll("th").forEach(function (th) { th.removeAttribute("aria-sort"); });
  header.setAttribute("aria-sort", descending ? "descending" : "ascending");
}

function makeSortable(table) {
  const headers = table.tHead ? table.tHead.rows[0].cells : [];
  Array.from(headers).forEach(function (th, index) {
    th.classList.add("sort-header");
    th.setAttribute("title", "sort by " + th.textContent.trim());
    th.addEventListener("click", function () { sortTable(table, index, th); });
  });
}

function filterTasks(text) {
  const needle = text.trim().toLowerCase();
  document.querySelectorAll("[data-task]").forEach(function (el) {
    el.hidden = needle !== "" && el.getAttribute("data-task").toLowerCase().indexOf(needle) < 0;
  });
}

function openTarget() {  // a link to a task opens its drill-down
  const id = decodeURIComponent(location.hash.slice(1));
  const target = id ? document.getElementById(id) : null;
  if (target && target.tagName === "DETAILS") target.open = true;
}

document.addEventListener("DOMContentLoaded", function () {
  window.addEventListener("hashchange", openTarget);
  openTarget();
  document.querySelectorAll("table.sortable").forEach(makeSortable);
  const filter = document.getElementById("task-filter");
  if (filter) filter.addEventListener("input", function () { filterTasks(filter.value); });
  const toggle = document.getElementById("toggle-all");
  if (toggle) toggle.addEventListener("click", function () {
    const details = Array.from(document.querySelectorAll("details.task"));
    const open = !details.every(function (d) { return d.open; });
    details.forEach(function (d) { if (!d.hidden) d.open = open; });
  });
});
