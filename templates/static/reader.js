/* sitegen reader tools: copy an event's link, filter the timeline in place, show search results.
   Every page works without this file; it only adds to what the HTML already offers.
   UI texts come from the page (data-* attributes), already in the page's language. */
(function () {
  "use strict";

  function absolute(relative) {
    return new URL(relative, window.location.href);
  }

  /* -- copy an event's permanent link ---------------------------------------------------- */

  function setUpCopyButtons() {
    document.querySelectorAll("button.copy-link").forEach(function (button) {
      if (!navigator.clipboard) { return; }
      button.hidden = false;
      var original = button.innerHTML;
      button.addEventListener("click", function () {
        navigator.clipboard.writeText(absolute(button.dataset.copy).href).then(function () {
          button.textContent = button.dataset.done;
          window.setTimeout(function () { button.innerHTML = original; }, 2000);
        });
      });
    });
  }

  /* -- timeline order: newest or oldest first, kept in the address (?order=oldest) --------- */

  function rememberParam(name, value) {
    var query = new URLSearchParams(window.location.search);
    if (value) { query.set(name, value); } else { query.delete(name); }
    var text = query.toString();
    window.history.replaceState(null, "", window.location.pathname + (text ? "?" + text : "") + window.location.hash);
  }

  function reverseChildren(parent, selector) {
    var items = Array.prototype.slice.call(parent.children).filter(function (node) { return node.matches(selector); });
    items.reverse().forEach(function (node) { parent.appendChild(node); });
  }

  function setUpTimelineOrder() {
    var group = document.querySelector("[data-timeline-order]");
    var timeline = document.querySelector(".timeline");
    if (!group || !timeline) { return; }
    var lede = document.querySelector("[data-order-text]");
    var current = "newest";  /* the order the page was built in */

    function show(order, save) {
      if (order !== current) {
        reverseChildren(timeline, ".timeline-year");
        timeline.querySelectorAll(".timeline-year").forEach(function (year) {
          /* a month is its heading and its list: move them as pairs */
          var pairs = Array.prototype.slice.call(year.querySelectorAll(":scope > .month-heading"));
          pairs.reverse().forEach(function (heading) {
            var list = heading.nextElementSibling;
            year.appendChild(heading);
            year.appendChild(list);
          });
          year.querySelectorAll("ol.events").forEach(function (list) { reverseChildren(list, "li"); });
        });
        current = order;
      }
      group.querySelectorAll("button").forEach(function (button) {
        button.setAttribute("aria-pressed", String(button.dataset.order === order));
      });
      if (lede) { lede.textContent = lede.dataset[order]; }
      if (save) { rememberParam("order", order === "oldest" ? "oldest" : ""); }
    }

    group.hidden = false;
    group.addEventListener("click", function (event) {
      var button = event.target.closest("button[data-order]");
      if (button) { show(button.dataset.order, true); }
    });
    show(new URLSearchParams(window.location.search).get("order") === "oldest" ? "oldest" : "newest", false);
  }

  /* -- the overview strip follows the filter: each month's bar counts the events shown ---- */

  function redrawOverview(events) {
    var strip = document.querySelector(".overview-strip[data-axis]");
    if (!strip) { return; }
    var exact = {}, spread = {}, tallest = 0;
    events.forEach(function (event) {
      if (event.hidden) { return; }
      var months = (event.getAttribute("data-months") || "").split(" ").filter(Boolean);
      var counts = months.length === 1 ? exact : spread;
      months.forEach(function (month) { counts[month] = (counts[month] || 0) + 1; });
    });
    var bars = Array.prototype.slice.call(strip.querySelectorAll("a[data-month]"));
    bars.forEach(function (bar) {
      tallest = Math.max(tallest, (exact[bar.dataset.month] || 0) + (spread[bar.dataset.month] || 0));
    });
    var axis = Number(strip.dataset.axis), height = Number(strip.dataset.height);
    bars.forEach(function (bar) {
      var month = bar.dataset.month;
      var exactHeight = tallest ? Math.round(height * (exact[month] || 0) / tallest) : 0;
      var spreadHeight = tallest ? Math.round(height * (spread[month] || 0) / tallest) : 0;
      bar.querySelector(".bar-exact").setAttribute("y", String(axis - exactHeight));
      bar.querySelector(".bar-exact").setAttribute("height", String(exactHeight));
      bar.querySelector(".bar-spread").setAttribute("y", String(axis - exactHeight - spreadHeight));
      bar.querySelector(".bar-spread").setAttribute("height", String(spreadHeight));
      bar.style.display = exactHeight + spreadHeight ? "" : "none";
      var words = strip.dataset.words.replace("%(month)s", bar.dataset.label)
        .replace("%(count)s", String((exact[month] || 0) + (spread[month] || 0)));
      if (spread[month]) { words += "; " + strip.dataset.spreadWords.replace("%(count)s", String(spread[month])); }
      bar.setAttribute("aria-label", words);
      bar.querySelector("title").textContent = words;
    });
  }

  /* -- timeline filter: several years, topics and actors at once, kept in the address ----- */

  function setUpTimelineFilter() {
    var form = document.querySelector("[data-timeline-filter]");
    if (!form) { return; }
    var boxes = Array.prototype.slice.call(form.querySelectorAll("input[type=checkbox]"));
    var events = Array.prototype.slice.call(document.querySelectorAll(".timeline .event"));
    var counter = form.querySelector("[data-filter-count]");
    var clear = form.querySelector("[data-filter-clear]");
    var toggle = form.querySelector("[data-filter-toggle]");
    var active = form.querySelector("[data-filter-active]");
    var params = new URLSearchParams(window.location.search);
    boxes.forEach(function (box) { box.checked = params.getAll(box.name).indexOf(box.value) !== -1; });
    form.hidden = false;

    function chosen() {
      var picked = {};
      boxes.forEach(function (box) {
        if (box.checked) { (picked[box.name] = picked[box.name] || []).push(box.value); }
      });
      return picked;
    }

    function matches(event, picked) {
      return Object.keys(picked).every(function (key) {
        var values = (event.getAttribute("data-" + key) || "").split(" ");
        return picked[key].some(function (value) { return values.indexOf(value) !== -1; });
      });
    }

    function hideEmptyGroups() {
      document.querySelectorAll(".timeline ol.events").forEach(function (list) {
        var empty = !list.querySelector(".event:not([hidden])");
        list.hidden = empty;
        var heading = list.previousElementSibling;
        if (heading && heading.classList.contains("month-heading")) { heading.hidden = empty; }
      });
      document.querySelectorAll(".timeline .timeline-year").forEach(function (year) {
        year.hidden = !year.querySelector(".event:not([hidden])");
      });
    }

    function remember(picked) {
      var query = new URLSearchParams(window.location.search);
      boxes.forEach(function (box) { query.delete(box.name); });
      Object.keys(picked).forEach(function (key) {
        picked[key].forEach(function (value) { query.append(key, value); });
      });
      var text = query.toString();
      window.history.replaceState(null, "", window.location.pathname + (text ? "?" + text : ""));
    }

    function apply(save) {
      var picked = chosen();
      var shown = 0;
      events.forEach(function (event) {
        var visible = matches(event, picked);
        event.hidden = !visible;
        if (visible) { shown += 1; }
      });
      hideEmptyGroups();
      redrawOverview(events);
      counter.textContent = counter.dataset.template
        .replace("{shown}", String(shown)).replace("{total}", String(events.length));
      var count = boxes.filter(function (box) { return box.checked; }).length;
      clear.disabled = count === 0;
      active.textContent = count ? "(" + count + ")" : "";
      if (save) { remember(picked); }
    }

    toggle.addEventListener("click", function () {
      var open = toggle.getAttribute("aria-expanded") !== "true";
      toggle.setAttribute("aria-expanded", String(open));
      form.classList.toggle("is-open", open);
    });
    form.addEventListener("change", function () { apply(true); });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      apply(true);
      counter.scrollIntoView({ block: "nearest" });
    });
    clear.addEventListener("click", function () {
      boxes.forEach(function (box) { box.checked = false; });
      apply(true);
    });
    apply(false);
  }

  /* -- search results with Pagefind ------------------------------------------------------ */

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text) { node.textContent = text; }
    return node;
  }

  /* an event's result is a page Pagefind read during the build; its `url` metadata is the event's address */
  function resultItem(data, root) {
    var item = element("li", "search-result");
    var heading = element("h2", "search-result-title");
    var link = element("a", "", data.meta.title || data.url);
    link.href = data.meta.url ? root + data.meta.url : data.url;
    heading.appendChild(link);
    item.appendChild(heading);
    var meta = [data.meta.type, data.meta.date].filter(Boolean);
    if (meta.length) { item.appendChild(element("p", "meta", meta.join(" · "))); }
    var excerpt = element("p", "search-excerpt");
    excerpt.innerHTML = data.excerpt;  /* Pagefind escapes the text and marks the hits */
    item.appendChild(excerpt);
    return item;
  }

  function setUpSearch() {
    var box = document.querySelector("[data-search]");
    if (!box) { return; }
    var nojs = document.querySelector("[data-search-nojs]");
    if (nojs) { nojs.hidden = true; }
    box.hidden = false;
    var status = box.querySelector("[data-search-status]");
    var list = box.querySelector("[data-search-list]");
    var input = document.querySelector("[data-search-input]");
    var query = (new URLSearchParams(window.location.search).get("q") || "").trim();
    if (input) { input.value = query; }
    /* the index comes in shards (see sitegen/search.py): load the first, merge the others */
    var bundles = (box.dataset.bundles || "").split(" ").filter(Boolean).map(absolute);
    var root = absolute(box.dataset.root).pathname;
    var ready = null;

    function loaded() {
      if (!ready) {
        ready = import(new URL("pagefind.js", bundles[0]).href).then(function (pagefind) {
          return pagefind.options({ baseUrl: root, bundlePath: bundles[0].pathname })
            .then(function () {
              return Promise.all(bundles.slice(1).map(function (bundle) {
                return pagefind.mergeIndex(bundle.pathname, { baseUrl: root });
              }));
            })
            .then(function () { return pagefind; });
        });
      }
      return ready;
    }

    function show(text, results) {
      list.textContent = "";
      results.forEach(function (data) { list.appendChild(resultItem(data, root)); });
      var template = results.length ? box.dataset.textCount : box.dataset.textNone;
      status.textContent = template.replace("{query}", text).replace("{count}", String(results.length));
    }

    /* Pagefind's debounced search answers null when a newer query has replaced this one */
    function run(text, debounced) {
      if (!text) { list.textContent = ""; status.textContent = box.dataset.textPrompt; return; }
      if (!bundles.length) { status.textContent = box.dataset.textUnavailable; return; }
      loaded().then(function (pagefind) {
        return debounced ? pagefind.debouncedSearch(text, {}, 300) : pagefind.search(text);
      }).then(function (search) {
        if (!search) { return null; }
        return Promise.all(search.results.slice(0, 30).map(function (result) { return result.data(); }));
      }).then(function (results) {
        if (results) { show(text, results); }
      }).catch(function () {
        status.textContent = box.dataset.textUnavailable;
      });
    }

    if (input) {
      /* results as the reader types; the address keeps the query for sharing and reloading */
      input.addEventListener("input", function () {
        var text = input.value.trim();
        rememberParam("q", text);
        run(text, true);
      });
    }
    run(query, false);
  }

  /* -- on a phone the list of views starts folded, so the first event is near the top ---- */

  function foldViewsOnPhones() {
    var views = document.querySelector("[data-timeline-views]");
    if (views && window.matchMedia("(max-width: 36rem)").matches) { views.open = false; }
  }

  function start() {
    setUpCopyButtons();
    setUpTimelineFilter();
    setUpTimelineOrder();
    foldViewsOnPhones();
    setUpSearch();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
