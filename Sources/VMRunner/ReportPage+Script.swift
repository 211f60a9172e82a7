extension ReportPage {
    /// The page's only script, fixed text (no input reaches it; names are read from `data-series` attributes and
    /// compared as strings, never put into a selector or markup). It holds no `<` or `&`, so the page reads the same
    /// as HTML and as XML. What it does:
    /// - shows the controls that need it (`.js-only`, `.toggles`, hidden without it);
    /// - policy toggles (open from 600 px up): a checkbox, or a click (Enter) on a legend entry, hides
    ///   `g.series[data-series=NAME]` in every chart panel of that workload (class `off`) and dims its legend entries;
    ///   a line drawn for several identical policies (`data-members="fifo clock"`) stays while any of them is on;
    ///   `all` and `none` set every policy that has a checkbox (other series, such as working-set windows, stay);
    /// - point tooltips: the `<title>` of each `.point` moves to `data-tip` and shows in `#tooltip` on hover or tap;
    /// - table sorting: a click (or Enter) on a header of `table.results` sorts its rows by that column, numbers as
    ///   numbers, empty cells last; `aria-sort` marks the column and direction;
    /// - diagram zoom: a click on a `.diagram` toggles `zoomed` (the diagram at its own size, its box scrolls);
    /// - with `#selfcheck` in the address, checks the page as laid out (nothing wider than the window, no chart or
    ///   diagram clipped or cut, each table with its `data-rows` rows and sortable, every toggle hiding and showing
    ///   series, the tooltip) and writes `ok` or `fail: <problems>` to `body[data-selfcheck]` and what it counted to
    ///   `body[data-selfcheck-counts]` (`make report-check` reads both from Chromium's `--dump-dom`).
    static let script = """
        (function () {
          'use strict';
          document.querySelectorAll('.js-only, .toggles').forEach(function (e) { e.hidden = false; });
          var wide = window.matchMedia('(min-width: 600px)').matches;
          document.querySelectorAll('details.toggles').forEach(function (e) { e.open = wide; });
          function members(e) {
            var list = e.getAttribute('data-members');
            return list ? list.split(' ') : [e.getAttribute('data-series')];
          }
          function named(root, selector, name) {
            return Array.from(root.querySelectorAll(selector)).filter(function (e) {
              return members(e).indexOf(name) !== -1;
            });
          }
          function boxOf(section, name) {
            return Array.from(section.querySelectorAll('.toggles input')).filter(function (box) {
              return box.getAttribute('data-series') === name;
            })[0];
          }
          function setSeries(section, name, visible) {
            var own = boxOf(section, name);
            if (own) own.checked = visible;
            named(section, 'g.series, g.legend-entry', name).forEach(function (g) {
              var shown = members(g).some(function (member) {
                var box = boxOf(section, member);
                return box ? box.checked : visible;
              });
              g.classList.toggle('off', !shown);
            });
          }
          document.querySelectorAll('section.workload').forEach(function (section) {
            section.querySelectorAll('.toggles input').forEach(function (box) {
              box.addEventListener('change', function () {
                setSeries(section, box.getAttribute('data-series'), box.checked);
              });
            });
            section.querySelectorAll('g.legend-entry').forEach(function (entry) {
              function flip() {
                var turnOn = entry.classList.contains('off');
                members(entry).forEach(function (member) { setSeries(section, member, turnOn); });
              }
              entry.setAttribute('tabindex', '0');
              entry.setAttribute('role', 'button');
              entry.addEventListener('click', flip);
              entry.addEventListener('keydown', function (event) { if (event.key === 'Enter') flip(); });
            });
            function setAll(visible) {
              section.querySelectorAll('.toggles input').forEach(function (box) {
                setSeries(section, box.getAttribute('data-series'), visible);
              });
            }
            section.querySelectorAll('.toggle-all, .toggle-none').forEach(function (button) {
              var visible = button.classList.contains('toggle-all');
              button.addEventListener('click', function () { setAll(visible); });
            });
          });

          var tip = document.getElementById('tooltip');
          document.querySelectorAll('.point').forEach(function (point) {
            var title = point.querySelector('title');
            if (!title) return;
            point.setAttribute('data-tip', title.textContent);
            point.setAttribute('aria-label', title.textContent);
            title.remove();
          });
          function showTip(event) {
            var point = event.target.closest ? event.target.closest('.point') : null;
            if (!point) { tip.hidden = true; return; }
            tip.textContent = point.getAttribute('data-tip');
            tip.hidden = false;
            var x = event.clientX + 12, y = event.clientY + 12;
            if (x + tip.offsetWidth + 4 > window.innerWidth) x = Math.max(4, event.clientX - tip.offsetWidth - 12);
            if (y + tip.offsetHeight + 4 > window.innerHeight) y = Math.max(4, event.clientY - tip.offsetHeight - 12);
            tip.style.left = x + 'px';
            tip.style.top = y + 'px';
          }
          document.addEventListener('pointerover', showTip);
          document.addEventListener('pointerout', function () { tip.hidden = true; });

          function cellValue(row, column, numeric) {
            var cell = row.children[column];
            var text = cell ? cell.textContent.trim() : '';
            if (!numeric) return text === '' ? null : text;
            var value = parseFloat(text);
            return isNaN(value) ? null : value;
          }
          function sortBy(table, column, ascending) {
            var headers = table.querySelectorAll('thead th');
            headers.forEach(function (h) { h.removeAttribute('aria-sort'); });
            headers[column].setAttribute('aria-sort', ascending ? 'ascending' : 'descending');
            var body = table.tBodies[0];
            var rows = Array.from(body.rows);
            rows.sort(function (a, b) {
              var x = cellValue(a, column, column !== 0), y = cellValue(b, column, column !== 0);
              if (x === y) return 0;
              if (x === null) return 1;
              if (y === null) return -1;
              var order = column === 0 ? x.localeCompare(y) : x - y;
              return ascending ? order : -order;
            });
            rows.forEach(function (row) { body.appendChild(row); });
          }
          document.querySelectorAll('table.results').forEach(function (table) {
            table.querySelectorAll('thead th').forEach(function (th, column) {
              th.tabIndex = 0;
              function sort() { sortBy(table, column, th.getAttribute('aria-sort') !== 'ascending'); }
              th.addEventListener('click', sort);
              th.addEventListener('keydown', function (event) {
                if (event.key === 'Enter' || event.key === ' ') { event.preventDefault(); sort(); }
              });
            });
          });

          document.querySelectorAll('.diagram').forEach(function (box) {
            box.classList.add('zoomable');
            box.tabIndex = 0;
            box.setAttribute('role', 'button');
            box.setAttribute('aria-label', 'zoom the diagram in or out');
            function zoom() { box.classList.toggle('zoomed'); }
            box.addEventListener('click', zoom);
            box.addEventListener('keydown', function (event) { if (event.key === 'Enter') zoom(); });
          });

          if (location.hash !== '#selfcheck') return;
          var problems = [];
          var width = document.documentElement.clientWidth;
          if (document.documentElement.scrollWidth > width + 1) {
            problems.push('page ' + document.documentElement.scrollWidth + ' px wide in a ' + width + ' px window');
          }
          document.querySelectorAll('body *').forEach(function (e) {
            if (e.closest('.table-scroll, svg')) return;
            var r = e.getBoundingClientRect();
            if (r.right > width + 1) {
              problems.push(e.tagName.toLowerCase() + '.' + e.className + ' sticks out ' + Math.round(r.right - width));
            }
          });
          var svgs = document.querySelectorAll('.chart svg, .diagram svg');
          svgs.forEach(function (svg, i) {
            var r = svg.getBoundingClientRect(), box = svg.parentElement.getBoundingClientRect();
            var view = svg.viewBox.baseVal;
            if (r.width === 0 || r.height === 0) { problems.push('svg ' + i + ' not shown'); return; }
            if (r.right > box.right + 1 || box.left > r.left + 1) problems.push('svg ' + i + ' wider than its box');
            var parent = svg.parentElement;
            if (parent.scrollWidth > parent.clientWidth + 1) problems.push('svg ' + i + ' clipped');
            var ratio = view ? view.height / view.width : 0;
            if (Math.abs(r.height / r.width - ratio) > 0.02) problems.push('svg ' + i + ' out of proportion');
          });
          var rows = 0, sorted = 0;
          document.querySelectorAll('table.results').forEach(function (table, i) {
            var count = table.tBodies[0].rows.length;
            rows += count;
            var expected = table.getAttribute('data-rows');
            if (String(count) !== expected) problems.push('table ' + i + ' has ' + count + ' rows, not ' + expected);
            if (table.querySelectorAll('thead th').length > 1) {
              [true, false].forEach(function (ascending) {
                sortBy(table, 1, ascending);
                var values = Array.from(table.tBodies[0].rows)
                  .map(function (row) { return cellValue(row, 1, true); })
                  .filter(function (v) { return v !== null; });
                var ordered = values.every(function (v, k) {
                  return k === 0 || (ascending ? v >= values[k - 1] : values[k - 1] >= v);
                });
                if (ordered) sorted += 1; else problems.push('table ' + i + ' not sorted by its first size');
              });
              sortBy(table, 0, true);
            }
          });
          var toggles = 0, series = document.querySelectorAll('g.series').length;
          document.querySelectorAll('section.workload').forEach(function (section) {
            section.querySelectorAll('.toggles input').forEach(function (box) {
              var name = box.getAttribute('data-series'), lines = named(section, 'g.series', name);
              if (lines.length === 0) { problems.push('toggle without series: ' + name); return; }
              box.click();
              // Alone off, a policy's own lines hide; a line it shares with policies still on stays.
              var hidden = lines.every(function (g) {
                var alone = members(g).length === 1;
                return (getComputedStyle(g).display === 'none') === alone;
              });
              box.click();
              var shown = lines.every(function (g) { return getComputedStyle(g).display !== 'none'; });
              if (hidden) { if (shown) toggles += 1; else problems.push('toggle does not show again: ' + name); }
              else problems.push('toggle does not hide: ' + name);
            });
            section.querySelectorAll('g.series[data-members]').forEach(function (g) {
              var boxes = members(g).map(function (m) { return boxOf(section, m); }).filter(Boolean);
              if (boxes.length !== members(g).length) return;
              boxes.forEach(function (b) { b.click(); });
              if (getComputedStyle(g).display !== 'none') {
                problems.push('shared line stays with all its policies off: ' + g.getAttribute('data-series'));
              }
              boxes.forEach(function (b) { b.click(); });
            });
          });
          var point = document.querySelector('.point');
          if (point) {
            point.dispatchEvent(new PointerEvent('pointerover', { bubbles: true, clientX: 5, clientY: 5 }));
            var shownTip = !tip.hidden ? tip.textContent === point.getAttribute('data-tip') : false;
            if (!shownTip) problems.push('no tooltip on a point');
            point.dispatchEvent(new PointerEvent('pointerout', { bubbles: true }));
          }
          var count = function (selector) { return document.querySelectorAll(selector).length; };
          document.body.setAttribute('data-selfcheck-counts', 'tables ' + count('table.results') + ', rows ' + rows
            + ', sorted ' + sorted + ', series ' + series + ', toggles ' + toggles + ', points ' + count('.point')
            + ', diagrams ' + count('.diagram svg'));
          var verdict = problems.length === 0 ? 'ok' : 'fail: ' + problems.slice(0, 20).join('; ');
          document.body.setAttribute('data-selfcheck', verdict);
        })();
        """
}
