/* The ecosystem map: Leaflet over GeoJSON only. There is no tile layer, so nothing is fetched from the
   internet; the regions, municipalities and markers all come from the page (#kaartgegevens), and a region's
   panel from the loket itself. Everything drawn here is also in the page's region list and table. */
(function () {
  "use strict";

  var container = document.getElementById("kaart");
  var source = document.getElementById("kaartgegevens");
  if (!container || !source || !window.L) {
    return;
  }
  var data = JSON.parse(source.textContent);
  var text = container.dataset;
  var panel = document.getElementById("regio-paneel");
  var organisationSwitch = document.getElementById("id_organisations");
  var regionFilter = document.getElementById("id_region");

  // Soft fills, one per region, so neighbouring regions read apart under the coloured markers.
  var REGION_FILLS = ["#d6e4f5", "#d9ecd3", "#f8e2c4", "#e6d8ef", "#cfeaea", "#f2d9d9", "#e9e9c8"];
  var REGION_LINE = "#3d4b5c";

  function escapeHtml(value) {
    var element = document.createElement("span");
    element.textContent = value;
    return element.innerHTML;
  }

  container.classList.add("loket-map--drawn");
  var map = L.map(container, {
    zoomControl: false,
    attributionControl: false,
    renderer: L.svg({padding: 0.5}),
    zoomSnap: 0.25,
    minZoom: 7,
    maxZoom: 14
  });
  L.control.zoom({zoomInTitle: text.zoomIn, zoomOutTitle: text.zoomOut}).addTo(map);
  var attribution = L.control.attribution({prefix: false}).addTo(map);
  if (data.attribution) {
    attribution.addAttribution(escapeHtml(data.attribution));
  }
  map.on("popupopen", function (event) {
    // Leaflet names its close button in English only.
    var close = event.popup.getElement().querySelector(".leaflet-popup-close-button");
    if (close) {
      close.setAttribute("aria-label", text.close);
      close.setAttribute("title", text.close);
    }
  });

  var regionLayers = {};
  var selectedRegion = null;

  function regionStyle(feature, index) {
    return {
      color: REGION_LINE,
      weight: 2,
      fillColor: REGION_FILLS[index % REGION_FILLS.length],
      fillOpacity: 1,
      className: "loket-map-region loket-map-region--" + feature.properties.code
    };
  }

  function select(code) {
    if (selectedRegion && regionLayers[selectedRegion]) {
      regionLayers[selectedRegion].setStyle({weight: 2, color: REGION_LINE});
    }
    selectedRegion = code;
    if (regionLayers[code]) {
      regionLayers[code].setStyle({weight: 4, color: "#1a1a1a"});
    }
  }

  function showRegion(code) {
    select(code);
    if (!panel) {
      return;
    }
    panel.setAttribute("aria-busy", "true");
    fetch(text.regionUrl.replace("REGIO", encodeURIComponent(code)), {headers: {"HX-Request": "true"}})
      .then(function (response) {
        if (!response.ok) {
          throw new Error(response.status);
        }
        return response.text();
      })
      .then(function (html) {
        panel.innerHTML = html;
      })
      .catch(function () {
        panel.innerHTML = "<p class=\"utrecht-paragraph\">" + escapeHtml(text.failed) + "</p>";
      })
      .finally(function () {
        panel.removeAttribute("aria-busy");
        var box = panel.getBoundingClientRect();
        if (box.top > window.innerHeight || box.bottom < 0) {
          panel.scrollIntoView({block: "start"});
        }
      });
  }

  // Chromium lets a keyboard reach a shape that has a tooltip; make every browser do so, and make Enter and the
  // space bar do what a click does. Leaflet draws a new element each time a layer is added, hence on "add".
  function operable(layer, label, activate) {
    layer.on("add", function () {
      var element = layer.getElement();
      element.setAttribute("tabindex", "0");
      element.setAttribute("role", "button");
      element.setAttribute("aria-label", label);
      element.addEventListener("keydown", function (event) {
        if (event.key === "Enter" || event.key === " ") {
          event.preventDefault();
          activate();
        }
      });
    });
    layer.on("click", function (event) {
      // A mouse click leaves no focus ring on the shape; a keyboard user never clicks.
      if (event.originalEvent && event.originalEvent.detail) {
        layer.getElement().blur();
      }
    });
  }

  var index = 0;
  var regions = L.geoJSON(data.regions, {
    style: function (feature) {
      return regionStyle(feature, index++);
    },
    onEachFeature: function (feature, layer) {
      regionLayers[feature.properties.code] = layer;
      // Leaflet puts a string tooltip in as HTML; a name is text.
      layer.bindTooltip(escapeHtml(feature.properties.name), {sticky: true});
      function activate() {
        showRegion(feature.properties.code);
      }
      layer.on("click", activate);
      operable(layer, feature.properties.name + ": " + text.regionAction, activate);
    }
  }).addTo(map);

  // Municipalities are lines on top of the regions that let clicks through to the region beneath.
  L.geoJSON(data.municipalities, {
    interactive: false,
    style: {color: "#7c8a99", weight: 0.8, fill: false, className: "loket-map-municipality"}
  }).addTo(map);

  // Markers that share a place (the same municipality's centre) go round it in a ring, so each can be clicked.
  function spread(features) {
    var groups = {};
    features.forEach(function (feature) {
      var key = feature.geometry.coordinates.join(",");
      (groups[key] = groups[key] || []).push(feature);
    });
    var positions = {};
    Object.keys(groups).forEach(function (key) {
      var group = groups[key];
      var lon = group[0].geometry.coordinates[0];
      var lat = group[0].geometry.coordinates[1];
      if (group.length === 1) {
        positions[group[0].id] = L.latLng(lat, lon);
        return;
      }
      var radius = 0.006 * (1 + group.length / 8);
      group.forEach(function (feature, i) {
        var angle = (2 * Math.PI * i) / group.length;
        positions[feature.id] = L.latLng(
          lat + radius * Math.sin(angle),
          lon + (radius * Math.cos(angle)) / Math.cos((lat * Math.PI) / 180)
        );
      });
    });
    return positions;
  }

  function popup(feature, organisation) {
    var p = feature.properties;
    var html = "<strong>" + escapeHtml(p.name) + "</strong><br>" + escapeHtml(p.kind_label);
    if (p.url) {
      html += "<br><a class=\"utrecht-link\" href=\"" + escapeHtml(p.url) + "\">" +
        escapeHtml(organisation ? text.moreOrganisation : text.more) + "</a>";
    }
    return html;
  }

  function markers(collection, organisation) {
    var positions = spread(collection.features);
    return L.geoJSON(collection, {
      pointToLayer: function (feature) {
        var style = organisation
          ? {radius: 5, color: feature.properties.colour, weight: 3, fillColor: "#ffffff", fillOpacity: 1}
          : {radius: 7, color: "#1a1a1a", weight: 1.5, fillColor: feature.properties.colour, fillOpacity: 1};
        style.className = "loket-map-marker loket-map-marker--" + (organisation ? "organisation" : "initiative");
        return L.circleMarker(positions[feature.id], style);
      },
      onEachFeature: function (feature, layer) {
        // Leaflet opens the popup on a click; operable() gives the keyboard the same.
        layer.bindPopup(popup(feature, organisation));
        layer.bindTooltip(escapeHtml(feature.properties.name));
        operable(layer, feature.properties.name + " (" + feature.properties.kind_label + ")", function () {
          layer.openPopup();
        });
      }
    });
  }

  // A region opened from the region list (htmx) is marked on the map as well.
  document.body.addEventListener("htmx:afterSwap", function (event) {
    var heading = event.detail.target === panel && panel.querySelector("[data-region]");
    if (heading) {
      select(heading.getAttribute("data-region"));
    }
  });

  var initiatives = markers(data.initiatives, false).addTo(map);
  var organisations = markers(data.organisations, true);

  function showOrganisations() {
    if (organisationSwitch && organisationSwitch.checked) {
      organisations.addTo(map);
      initiatives.bringToFront();
    } else {
      organisations.remove();
    }
  }
  if (organisationSwitch) {
    organisationSwitch.addEventListener("change", showOrganisations);
  }
  showOrganisations();

  var focus = regionFilter && regionFilter.value && regionLayers[regionFilter.value];
  if (focus) {
    select(regionFilter.value);
    map.fitBounds(focus.getBounds(), {padding: [12, 12]});
  } else if (regions.getLayers().length) {
    map.fitBounds(regions.getBounds(), {padding: [8, 8]});
  } else {
    map.setView([52.6, 4.85], 8);
  }
  if (regions.getLayers().length) {
    map.setMaxBounds(regions.getBounds().pad(0.5));
  }
})();
