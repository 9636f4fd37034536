/// `GET /dashboard`: one self-contained page (no CDN, no external files) that
/// reads the report API and draws its charts as inline SVG. Query parameters
/// (`period`, `town`, `category`, `channel`, `department`) preset the filters;
/// `#token=…` carries a supervisor's staff token (kept for the browser tab); without one, the
/// session cookie of a supervisor signed in at the workbench is sent.
enum DashboardPage {
    static let contentSecurityPolicy =
        "default-src 'self'; script-src 'unsafe-inline'; style-src 'unsafe-inline'"

    static let html = #"""
        <!doctype html>
        <html lang="zh-CN">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>OneDoor 矛调中心 · Dashboard</title>
        <style>
          body { font-family: "Noto Sans CJK SC", "PingFang SC", sans-serif; margin: 0; background: #f4f6f8; color: #1d2733; }
          header { background: #17406d; color: #fff; padding: 12px 24px; display: flex; gap: 16px; align-items: center; flex-wrap: wrap; }
          header h1 { font-size: 20px; margin: 0 16px 0 0; }
          header label { font-size: 13px; }
          header input, header select { margin-left: 4px; }
          main { padding: 16px 24px; display: grid; grid-template-columns: repeat(auto-fit, minmax(420px, 1fr)); gap: 16px; }
          section { background: #fff; border-radius: 6px; padding: 12px 16px; box-shadow: 0 1px 2px rgba(0,0,0,.08); }
          section h2 { font-size: 15px; margin: 0 0 8px; }
          .kpis { display: grid; grid-template-columns: repeat(4, 1fr); gap: 8px; grid-column: 1 / -1; }
          .kpi { background: #fff; border-radius: 6px; padding: 10px 12px; box-shadow: 0 1px 2px rgba(0,0,0,.08); }
          .kpi b { display: block; font-size: 24px; }
          .kpi span { font-size: 12px; color: #5b6b7c; }
          table { border-collapse: collapse; width: 100%; font-size: 13px; }
          th, td { text-align: right; padding: 3px 6px; border-bottom: 1px solid #e5e9ee; }
          th:first-child, td:first-child { text-align: left; }
          svg text { font-size: 11px; fill: #39475a; }
          #error { color: #b00020; padding: 0 24px; }
        </style>
        </head>
        <body data-ready="false">
        <header>
          <h1>矛调中心 · OneDoor</h1>
          <label>Month 月份 <input id="period" type="month"></label>
          <label>Town 镇街 <input id="town" size="12" placeholder="all"></label>
          <label>Category 类别 <input id="category" size="14" placeholder="all"></label>
          <button id="apply">Show</button>
        </header>
        <p id="error"></p>
        <main>
          <div class="kpis" id="kpis"></div>
          <section><h2>Cases by month 每月受理</h2><svg id="chart-months" width="100%" height="220"></svg></section>
          <section><h2>Resolution and satisfaction 化解率与满意率</h2><svg id="chart-rates" width="100%" height="220"></svg></section>
          <section><h2>Top categories 主要类别</h2><svg id="chart-categories" width="100%" height="240"></svg></section>
          <section><h2>Overdue by department 部门超期</h2><svg id="chart-overdue" width="100%" height="240"></svg></section>
          <section><h2>Towns and communities 镇街与社区</h2><table id="table-places"></table></section>
          <section><h2>Departments 部门办理</h2><table id="table-departments"></table></section>
        </main>
        <script>
        "use strict";
        const params = new URLSearchParams(location.search);
        const el = (id) => document.getElementById(id);
        const svgNS = "http://www.w3.org/2000/svg";
        const pct = (r) => r === null || r === undefined ? "–" : (r * 100).toFixed(2) + "%";

        function thisMonth() {
          const now = new Date(Date.now() + 8 * 3600 * 1000);  // Asia/Shanghai
          return now.toISOString().slice(0, 7);
        }
        function monthsBack(month, n) {
          const [y, m] = month.split("-").map(Number);
          const d = new Date(Date.UTC(y, m - 1 - n, 1));
          return d.toISOString().slice(0, 10);
        }
        function lastDay(month) {
          const [y, m] = month.split("-").map(Number);
          return new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
        }
        function node(parent, name, attrs, text) {
          const n = document.createElementNS(svgNS, name);
          for (const [k, v] of Object.entries(attrs)) n.setAttribute(k, v);
          if (text !== undefined) n.textContent = text;
          parent.appendChild(n);
          return n;
        }
        function clear(svg) { while (svg.firstChild) svg.removeChild(svg.firstChild); return svg; }

        function bars(svg, labels, values, colour) {
          clear(svg);
          const w = svg.clientWidth || 480, h = svg.clientHeight || 220, pad = 28;
          const max = Math.max(1, ...values), step = (w - pad) / Math.max(1, values.length);
          values.forEach((v, i) => {
            const bh = (h - 2 * pad) * v / max;
            node(svg, "rect", { x: pad + i * step + 2, y: h - pad - bh, width: Math.max(2, step - 4), height: bh,
                                fill: colour, "data-label": labels[i], "data-value": v });
            node(svg, "text", { x: pad + i * step + step / 2, y: h - pad + 14, "text-anchor": "middle" }, labels[i]);
            node(svg, "text", { x: pad + i * step + step / 2, y: h - pad - bh - 3, "text-anchor": "middle" }, v);
          });
        }
        function hbars(svg, labels, values, colour) {
          clear(svg);
          const w = svg.clientWidth || 480, h = svg.clientHeight || 240, left = 120;
          const max = Math.max(1, ...values), step = h / Math.max(1, values.length);
          values.forEach((v, i) => {
            const bw = (w - left - 40) * v / max;
            node(svg, "rect", { x: left, y: i * step + 3, width: Math.max(1, bw), height: step - 6, fill: colour,
                                "data-label": labels[i], "data-value": v });
            node(svg, "text", { x: left - 6, y: i * step + step / 2 + 4, "text-anchor": "end" }, labels[i]);
            node(svg, "text", { x: left + bw + 4, y: i * step + step / 2 + 4 }, v);
          });
        }
        function lines(svg, labels, series) {
          clear(svg);
          const w = svg.clientWidth || 480, h = svg.clientHeight || 220, pad = 30;
          const step = (w - 2 * pad) / Math.max(1, labels.length - 1);
          const y = (r) => h - pad - (h - 2 * pad) * Math.min(1, Math.max(0, r));
          node(svg, "line", { x1: pad, y1: y(1), x2: w - pad, y2: y(1), stroke: "#dde3ea" });
          node(svg, "text", { x: 2, y: y(1) + 4 }, "100%");
          node(svg, "text", { x: 2, y: y(0) + 4 }, "0%");
          series.forEach(({ name, values, colour }, s) => {
            const points = values.map((v, i) => v == null ? null : [pad + i * step, y(v)]).filter(Boolean);
            if (points.length) {
              node(svg, "polyline", { points: points.map((p) => p.join(",")).join(" "), fill: "none",
                                      stroke: colour, "stroke-width": 2, "data-series": name });
              points.forEach(([px, py]) => node(svg, "circle", { cx: px, cy: py, r: 3, fill: colour }));
            }
            node(svg, "text", { x: pad + s * 110, y: 12, fill: colour }, name);
          });
          labels.forEach((l, i) => node(svg, "text", { x: pad + i * step, y: h - pad + 14, "text-anchor": "middle" }, l.slice(5)));
        }
        function table(id, header, rows) {
          const t = el(id);
          t.innerHTML = "";
          const head = t.insertRow();
          header.forEach((h) => { const th = document.createElement("th"); th.textContent = h; head.appendChild(th); });
          rows.forEach((r) => { const tr = t.insertRow(); r.forEach((c) => { tr.insertCell().textContent = c; }); });
        }
        function kpis(report) {
          const t = report.totals, r = report.rates;
          const tiles = [
            ["received", "受理 received", t.received], ["resolved", "化解 resolved", t.resolved],
            ["resolution-rate", "化解率 resolution", pct(r.resolution)], ["on-time-rate", "按时答复率 on time", pct(r.onTime)],
            ["satisfaction-rate", "满意率 satisfaction", pct(r.satisfaction)],
            ["reviews", "专家评审 reviews", t.reviewsApplied], ["repeats", "重复信访 repeats", t.repeats],
            ["escalations", "吹哨报到 escalations", t.escalations],
            ["people", "人次 people", t.people], ["parties", "涉及当事人 parties", t.partiesInvolved],
            ["amount", "涉及金额 amount (¥)", t.amountInvolved.toLocaleString("zh-CN", { maximumFractionDigits: 2 })],
            ["collective", "集体访 collective", t.collectivePetitions],
            ["agreements", "调解协议 书面/口头 agreements", `${t.agreementsWritten} / ${t.agreementsOral}`],
            ["judicial", "司法确认 confirmed", t.judicialConfirmations],
          ];
          el("kpis").innerHTML = "";
          for (const [id, label, value] of tiles) {
            const div = document.createElement("div");
            div.className = "kpi";
            div.innerHTML = `<b id="kpi-${id}"></b><span></span>`;
            div.querySelector("b").textContent = value;
            div.querySelector("b").dataset.value = value;
            div.querySelector("span").textContent = label;
            el("kpis").appendChild(div);
          }
        }
        // A supervisor's staff token, from the address (#token=…) once, then kept for the tab; without
        // one, the session of a supervisor signed in at the workbench (its cookie) is the credential.
        const token = new URLSearchParams(location.hash.slice(1)).get("token") || sessionStorage.getItem("onedoor-token");
        if (token) sessionStorage.setItem("onedoor-token", token);
        async function get(path) {
          const headers = token ? { Accept: "application/json", Authorization: `Bearer ${token}` } : { Accept: "application/json" };
          const response = await fetch(path, { headers, credentials: "same-origin" });
          if (!response.ok) throw new Error(`${path}: ${response.status} ${(await response.json()).detail}`);
          return response.json();
        }
        async function show() {
          document.body.dataset.ready = "false";
          el("error").textContent = "";
          const month = el("period").value || thisMonth();
          const filters = new URLSearchParams();
          for (const name of ["town", "category", "channel", "department"]) {
            const value = (el(name) && el(name).value) || params.get(name);
            if (value) filters.set(name, value);
          }
          const q = filters.toString() ? "&" + filters.toString() : "";
          try {
            const [summary, trend, departments] = await Promise.all([
              get(`/api/v1/reports/summary?period=${month}${q}`),
              get(`/api/v1/reports/trend?from=${monthsBack(month, 11)}&to=${lastDay(month)}${q}`),
              get(`/api/v1/reports/departments?period=${month}`),
            ]);
            kpis(summary);
            bars(el("chart-months"), trend.months.map((m) => m.month.slice(2)), trend.months.map((m) => m.received), "#2f6db5");
            lines(el("chart-rates"), trend.months.map((m) => m.month), [
              { name: "化解率 resolution", values: trend.months.map((m) => m.resolutionRate), colour: "#2e8b57" },
              { name: "满意率 satisfaction", values: trend.months.map((m) => m.satisfactionRate), colour: "#d2691e" },
            ]);
            const top = summary.byCategory.slice(0, 8);
            hbars(el("chart-categories"), top.map((c) => c.name || c.code), top.map((c) => c.received), "#5b8def");
            const late = departments.departments.filter((d) => d.overdue > 0).sort((a, b) => b.overdue - a.overdue).slice(0, 8);
            hbars(el("chart-overdue"), late.map((d) => d.name), late.map((d) => d.overdue), "#c0392b");
            const places = [];
            for (const t of summary.byTown) {
              places.push([t.name || t.code, t.received, t.resolved]);
              for (const c of summary.byCommunity.filter((c) => c.parent === t.code && c.code !== "(none)")) {
                places.push(["\u3000" + (c.name || c.code), c.received, c.resolved]);
              }
            }
            table("table-places", ["镇街 / 社区", "受理 received", "化解 resolved"], places);
            table("table-departments", ["部门", "交办", "答复", "按时", "超期", "督办", "挂牌"],
              departments.departments.map((d) => [d.name, d.dispatched, d.answered, d.answeredOnTime, d.overdue,
                                                  d.supervisionNotices, d.flagged]));
            document.body.dataset.ready = "true";
          } catch (error) {
            el("error").textContent = String(error.message || error);
            document.body.dataset.ready = "error";
          }
        }
        el("period").value = params.get("period") || thisMonth();
        el("town").value = params.get("town") || "";
        el("category").value = params.get("category") || "";
        el("apply").addEventListener("click", show);
        show();
        </script>
        </body>
        </html>
        """#
}
