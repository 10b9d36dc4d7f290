// The plots of a model page, drawn with Apache ECharts over every version the page's search finds (the JSON API):
// a metric over the versions (live ones and canaries marked, axes named), a param against a metric (chosen in two
// lists) and parallel coordinates of every numeric param and metric. What the API answers is data, never markup:
// names go into ECharts' text, which draws on a canvas. Without JavaScript the page keeps its drawn SVG chart.
(function () {
  // the compare page: each numeric metric of the compared versions as bars side by side
  var box = document.getElementById("compare-plot-box");
  if (box && typeof echarts !== "undefined") {
    var ids = box.dataset.versions.split(" ").filter(Boolean);
    Promise.all(ids.map(function (id) {
      return fetch("/api/v1/versions/" + encodeURIComponent(id), { credentials: "same-origin" })
        .then(function (r) { return r.json(); });
    })).then(function (versions) {
      var names = {};
      versions.forEach(function (v) {
        Object.keys(v.metrics || {}).forEach(function (k) { if (typeof v.metrics[k] === "number") { names[k] = true; } });
      });
      var metrics = Object.keys(names).sort();
      if (!metrics.length) { return; }
      box.hidden = false;
      echarts.init(document.getElementById("compare-plot")).setOption({
        animation: false, legend: { bottom: 0 }, tooltip: { trigger: "axis" },
        grid: { left: 60, right: 20, bottom: 60 },
        xAxis: { type: "category", data: metrics, name: "metric", nameLocation: "middle", nameGap: 28 },
        yAxis: { type: "value", name: "value", nameLocation: "middle", nameGap: 45 },
        series: versions.map(function (v) {
          return { name: v.model + ":" + v.version, type: "bar",
                   data: metrics.map(function (m) { return typeof v.metrics[m] === "number" ? v.metrics[m] : null; }) };
        })
      });
      box.dataset.drawn = String(versions.length);
    });
  }
  var root = document.getElementById("plots");
  if (!root || typeof echarts === "undefined") { return; }
  var live = (root.dataset.live || "").split(" ").filter(Boolean);
  var candidates = (root.dataset.candidates || "").split(" ").filter(Boolean);
  var GREEN = "#2a8a3e", AMBER = "#c98a00", GREY = "#6b7a90";

  function params(v) {
    var t = (v.snapshot || {}).training || {};
    return t.params || {};
  }
  function numericNames(versions, of) {
    var names = {};
    versions.forEach(function (v) {
      var values = of(v);
      Object.keys(values).forEach(function (k) { if (typeof values[k] === "number") { names[k] = true; } });
    });
    return Object.keys(names).sort();
  }
  function place(v) {
    var id = v.model + ":" + v.version;
    return live.indexOf(id) >= 0 ? "live" : candidates.indexOf(id) >= 0 ? "canary or shadow" : "other";
  }
  function colour(group) {
    return group === "live" ? GREEN : group === "canary or shadow" ? AMBER : GREY;
  }
  function chart(id) {
    var element = document.getElementById(id);
    var existing = echarts.getInstanceByDom(element);
    return existing || echarts.init(element, null, { renderer: "canvas" });
  }
  function groups(versions, point) {
    return ["live", "canary or shadow", "other"].map(function (group) {
      return {
        name: group, type: "scatter", symbolSize: 9, itemStyle: { color: colour(group) },
        data: versions.filter(function (v) { return place(v) === group; }).map(point)
          .filter(function (p) { return p.value[1] !== undefined && p.value[1] !== null; })
      };
    });
  }

  function metricOverVersions(versions, metric) {
    var ordered = versions.slice().sort(function (a, b) { return a.createdAt < b.createdAt ? -1 : 1; });
    var names = ordered.map(function (v) { return v.version; });
    var series = groups(ordered, function (v) {
      return { name: v.model + ":" + v.version, value: [v.version, v.metrics[metric]] };
    });
    series.unshift({
      name: metric, type: "line", showSymbol: false, lineStyle: { color: "#99a" }, z: 1,
      data: ordered.map(function (v) { return [v.version, v.metrics[metric]]; })
        .filter(function (p) { return typeof p[1] === "number"; })
    });
    chart("plot-metric").setOption({
      title: { text: metric + " over versions", left: "center", textStyle: { fontSize: 13 } },
      animation: false, legend: { bottom: 0 }, tooltip: { trigger: "item" }, grid: { left: 60, right: 20, bottom: 60 },
      xAxis: { type: "category", data: names, name: "version (oldest first)", nameLocation: "middle",
               nameGap: 28 },
      yAxis: { type: "value", name: metric, nameLocation: "middle", nameGap: 45, scale: true },
      series: series
    }, true);
  }

  function scatter(versions, param, metric) {
    chart("plot-scatter").setOption({
      title: { text: metric + " by " + param, left: "center", textStyle: { fontSize: 13 } },
      animation: false, legend: { bottom: 0 }, tooltip: { trigger: "item" }, grid: { left: 60, right: 20, bottom: 60 },
      xAxis: { type: "value", name: "params." + param, nameLocation: "middle", nameGap: 28, scale: true },
      yAxis: { type: "value", name: metric, nameLocation: "middle", nameGap: 45, scale: true },
      series: groups(versions.filter(function (v) { return typeof params(v)[param] === "number"; }), function (v) {
        return { name: v.model + ":" + v.version, value: [params(v)[param], v.metrics[metric]] };
      })
    }, true);
  }

  function parallel(versions, paramNames, metricNames) {
    var axes = paramNames.map(function (p) { return { name: "params." + p, key: function (v) { return params(v)[p]; } }; })
      .concat(metricNames.map(function (m) { return { name: m, key: function (v) { return v.metrics[m]; } }; }));
    chart("plot-parallel").setOption({
      title: { text: "every version across its params and metrics", left: "center", textStyle: { fontSize: 13 } },
      animation: false, tooltip: { trigger: "item" },
      parallelAxis: axes.map(function (a, i) { return { dim: i, name: a.name, scale: true }; }),
      parallel: { left: 60, right: 80, bottom: 40, top: 60 },
      series: [{
        type: "parallel", lineStyle: { width: 1.5, opacity: 0.6 },
        data: versions.map(function (v) {
          return {
            name: v.model + ":" + v.version, lineStyle: { color: colour(place(v)) },
            value: axes.map(function (a) { var x = a.key(v); return typeof x === "number" ? x : null; })
          };
        })
      }]
    }, true);
  }

  function options(select, names, chosen) {
    select.textContent = "";
    names.forEach(function (n) {
      var option = document.createElement("option");
      option.value = n;
      option.textContent = n;
      option.selected = n === chosen;
      select.appendChild(option);
    });
  }

  fetch(root.dataset.api, { credentials: "same-origin" })
    .then(function (r) { return r.ok ? r.json() : []; })
    .then(function (versions) {
      if (!versions.length) { return; }
      root.hidden = false;
      var metricNames = numericNames(versions, function (v) { return v.metrics || {}; });
      var paramNames = numericNames(versions, params);
      var metric = metricNames.indexOf(root.dataset.metric) >= 0 ? root.dataset.metric : metricNames[0];
      metricOverVersions(versions, metric);
      var paramSelect = document.getElementById("scatter-param");
      var metricSelect = document.getElementById("scatter-metric");
      options(paramSelect, paramNames, paramNames[0]);
      options(metricSelect, metricNames, metric);
      function redraw() {
        if (paramSelect.value && metricSelect.value) {
          scatter(versions, paramSelect.value, metricSelect.value);
        }
      }
      paramSelect.addEventListener("change", redraw);
      metricSelect.addEventListener("change", redraw);
      redraw();
      parallel(versions, paramNames, metricNames);
      root.dataset.drawn = String(versions.length); // for whoever waits for the plots (the browser test)
    });
}());
