// Draws the dashboard's charts from the numbers the tables show (hidden cells stay empty).
(function () {
  function ready(fn) {
    if (document.readyState !== "loading") fn(); else document.addEventListener("DOMContentLoaded", fn);
  }
  ready(function () {
    var source = document.getElementById("dashboard-data");
    if (!source || typeof Chart === "undefined") return;
    var data = JSON.parse(source.textContent);
    var trend = document.getElementById("chart-trend");
    if (trend) {
      new Chart(trend, {
        type: "bar",
        data: {
          labels: data.trend.map(function (m) { return m.label; }),
          datasets: [
            { label: "Nieuwe aanmeldingen", data: data.trend.map(function (m) { return m.new; }), backgroundColor: "#1f5f8b" },
            { label: "Afgesloten", data: data.trend.map(function (m) { return m.closed; }), backgroundColor: "#6c9a3c" },
            { label: "Open aan het eind", type: "line", data: data.trend.map(function (m) { return m.open; }), borderColor: "#b35c00", backgroundColor: "#b35c00" }
          ]
        },
        options: { responsive: true, maintainAspectRatio: false, animation: false, scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } }
      });
    }
    var closed = document.getElementById("chart-closed");
    if (closed) {
      new Chart(closed, {
        type: "bar",
        data: {
          labels: data.closed.map(function (c) { return c.label; }),
          datasets: [{ label: "Afgesloten", data: data.closed.map(function (c) { return c.value; }), backgroundColor: ["#2e7d32", "#1f5f8b", "#6c757d"] }]
        },
        options: { indexAxis: "y", responsive: true, maintainAspectRatio: false, animation: false, plugins: { legend: { display: false } }, scales: { x: { beginAtZero: true, ticks: { precision: 0 } } } }
      });
    }
  });
})();
