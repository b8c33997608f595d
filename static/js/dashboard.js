// The dashboard: its charts, drawn from the numbers the tables show, and its scope form.
(function () {
  var LESS_THAN_FIVE = "<5";
  var HIDDEN = "×";
  var HIDDEN_BAR = 4; // a "<5" bar reaches up to 4: the most it can be

  function ready(fn) {
    if (document.readyState !== "loading") fn(); else document.addEventListener("DOMContentLoaded", fn);
  }

  // Diagonal hatching in the bar's own colour on a pale ground: a suppressed count never looks like a number,
  // nor like an empty (0) bar, and still shows which series it belongs to.
  function hatching(colour) {
    var tile = document.createElement("canvas");
    tile.width = tile.height = 8;
    var context = tile.getContext("2d");
    context.fillStyle = "#f1f3f5";
    context.fillRect(0, 0, 8, 8);
    context.strokeStyle = colour;
    context.lineWidth = 1.5;
    context.beginPath();
    context.moveTo(0, 8); context.lineTo(8, 0);
    context.moveTo(-2, 2); context.lineTo(2, -2);
    context.moveTo(6, 10); context.lineTo(10, 6);
    context.stroke();
    return context.createPattern(tile, "repeat");
  }

  // One bar dataset from the shown cells: numbers as they are, "<5" as a hatched bar, "×" as a mark only.
  // `colour`: one for all bars, or one per bar.
  function bars(label, shown, colour) {
    function colourAt(index) { return Array.isArray(colour) ? colour[index] : colour; }
    return {
      label: label,
      shown: shown,
      colour: colourAt(0),
      data: shown.map(function (value) {
        if (value === LESS_THAN_FIVE) return HIDDEN_BAR;
        return typeof value === "number" ? value : null;
      }),
      backgroundColor: shown.map(function (value, index) {
        return typeof value === "number" ? colourAt(index) : hatching(colourAt(index));
      }),
      borderColor: shown.map(function (value, index) { return colourAt(index); }),
      borderWidth: 1
    };
  }

  // The legend shows each dataset's own colour, not the hatching of its first bar.
  function legendLabels(chart) {
    return Chart.defaults.plugins.legend.labels.generateLabels(chart).map(function (item) {
      var colour = chart.data.datasets[item.datasetIndex].colour;
      if (colour) item.fillStyle = item.strokeStyle = colour;
      return item;
    });
  }

  function tooltipLabel(item) {
    var value = item.dataset.shown ? item.dataset.shown[item.dataIndex] : item.raw;
    if (value === LESS_THAN_FIVE) value = "<5 (1 tot en met 4)";
    if (value === HIDDEN) value = "× (verborgen)";
    return item.dataset.label + ": " + value;
  }

  // Writes "<5" and "×" on the chart itself, at the end of the bar (or where it would start).
  var hiddenLabels = {
    id: "hiddenLabels",
    afterDatasetsDraw: function (chart) {
      var context = chart.ctx;
      var horizontal = chart.options.indexAxis === "y";
      var valueScale = horizontal ? chart.scales.x : chart.scales.y;
      var categoryScale = horizontal ? chart.scales.y : chart.scales.x;
      context.save();
      context.font = "bold 12px system-ui, sans-serif";
      context.fillStyle = "#343a40";
      chart.data.datasets.forEach(function (dataset, index) {
        if (!dataset.shown || !chart.isDatasetVisible(index)) return;
        chart.getDatasetMeta(index).data.forEach(function (bar, position) {
          var value = dataset.shown[position];
          if (value !== LESS_THAN_FIVE && value !== HIDDEN) return;
          var end = valueScale.getPixelForValue(value === HIDDEN ? 0 : HIDDEN_BAR);
          var across = horizontal ? categoryScale.getPixelForValue(position) : bar.x;
          if (horizontal) {
            context.textAlign = "left"; context.textBaseline = "middle";
            context.fillText(value, end + 4, across);
          } else {
            context.textAlign = "center"; context.textBaseline = "bottom";
            context.fillText(value, across, end - 2);
          }
        });
      });
      context.restore();
    }
  };

  function drawCharts() {
    var source = document.getElementById("dashboard-data");
    if (!source || typeof Chart === "undefined") return;
    var data = JSON.parse(source.textContent);
    var tooltip = { callbacks: { label: tooltipLabel } };
    var trend = document.getElementById("chart-trend");
    if (trend) {
      var datasets = [
        bars("Nieuwe aanmeldingen", data.trend.map(function (m) { return m.new; }), "#1f5f8b"),
        bars("Afgesloten", data.trend.map(function (m) { return m.closed; }), "#4f7a2a")
      ];
      var open = data.trend.map(function (m) { return typeof m.open === "number" ? m.open : null; });
      if (open.some(function (value) { return value !== null; })) {
        datasets.push({ label: "Open aan het eind", type: "line", data: open, borderColor: "#b35c00", backgroundColor: "#b35c00" });
      }
      new Chart(trend, {
        type: "bar",
        data: { labels: data.trend.map(function (m) { return m.label; }), datasets: datasets },
        plugins: [hiddenLabels],
        options: {
          responsive: true, maintainAspectRatio: false, animation: false,
          plugins: { tooltip: tooltip, legend: { labels: { generateLabels: legendLabels } } },
          scales: { y: { beginAtZero: true, suggestedMax: 5, ticks: { precision: 0 } } }
        }
      });
    }
    var closed = document.getElementById("chart-closed");
    if (closed) {
      var dataset = bars("Afgesloten", data.closed.map(function (c) { return c.value; }),
                         ["#2e7d32", "#1f5f8b", "#b35c00"]);
      new Chart(closed, {
        type: "bar",
        data: { labels: data.closed.map(function (c) { return c.label; }), datasets: [dataset] },
        plugins: [hiddenLabels],
        options: {
          indexAxis: "y", responsive: true, maintainAspectRatio: false, animation: false,
          plugins: { legend: { display: false }, tooltip: tooltip },
          scales: { x: { beginAtZero: true, suggestedMax: 5, ticks: { precision: 0 } } }
        }
      });
    }
  }

  // Months chosen are an own period; another period leaves the months empty (the server reads it so too).
  function linkPeriodAndMonths() {
    var form = document.querySelector("form[data-scope-form]");
    if (!form) return;
    var period = form.elements.period, start = form.elements.start, end = form.elements.end;
    if (!period || !start || !end) return;
    function monthsChosen() {
      if (start.value || end.value) period.value = "eigen";
    }
    start.addEventListener("change", monthsChosen);
    end.addEventListener("change", monthsChosen);
    period.addEventListener("change", function () {
      if (period.value !== "eigen") start.value = end.value = "";
    });
  }

  ready(function () {
    drawCharts();
    linkPeriodAndMonths();
  });
})();
