// The HTML view's behaviour: claim -> its evidence, highlighted passage -> claims citing it.
// Reads only the JSON in #brief-data and the DOM; writes text with textContent, never HTML.
(() => {
  "use strict";
  const data = JSON.parse(document.getElementById("brief-data").textContent);
  const claims = data.claims;
  const pop = document.getElementById("pop");
  const panes = [...document.querySelectorAll("section.source")];
  const tabs = [...document.querySelectorAll(".tab")];
  const KIND = { position: "position", demand: "demand", question: "open question",
                 contradiction: "contradiction" };

  // Evidence ids are [a-z0-9.] only, so they are safe inside the selector's quotes.
  const segsOf = (evId) => [...document.querySelectorAll(`.text .seg[data-ev~="${evId}"]`)];

  function showSource(i) {
    panes.forEach((p) => p.classList.toggle("active", Number(p.dataset.source) === i));
    tabs.forEach((t) => t.setAttribute("aria-selected", String(Number(t.dataset.source) === i)));
  }

  function clearMarks() {
    document.querySelectorAll(".seg.hit, .seg.focus").forEach((s) => s.classList.remove("hit", "focus"));
    document.querySelectorAll("li.claim.selected, li.claim.cited, li.actor.selected")
      .forEach((c) => c.classList.remove("selected", "cited"));
    document.body.classList.remove("actor-focus");
  }

  let popSeg = null; // the passage whose citations the box shows

  function hidePop() { pop.hidden = true; pop.replaceChildren(); popSeg = null; }

  // Keep the box beside its passage (below it, or above when there is no room).
  function placePop() {
    if (!popSeg) return;
    const r = popSeg.getClientRects()[0] || popSeg.getBoundingClientRect();
    const w = pop.offsetWidth;
    const h = pop.offsetHeight;
    pop.style.left = `${Math.max(8, Math.min(r.left, window.innerWidth - w - 8))}px`;
    const last = [...popSeg.getClientRects()].pop() || r;
    const below = last.bottom + 6;
    pop.style.top = `${below + h < window.innerHeight ? below : Math.max(8, r.top - h - 6)}px`;
  }

  // Mark every span of a claim, show the source of evidence k and scroll to it.
  function selectClaim(cid, k = 0, scrollBrief = false) {
    const claim = claims[cid];
    if (!claim) return;
    clearMarks();
    hidePop();
    claim.evidence.forEach((_, j) => segsOf(`${cid}.${j}`).forEach((s) => s.classList.add("hit")));
    const li = document.getElementById(`claim-${cid}`);
    li.classList.add("selected");
    if (scrollBrief) li.scrollIntoView({ block: "center" });
    showSource(claim.evidence[k][0]);
    const target = segsOf(`${cid}.${k}`);
    target.forEach((s) => s.classList.add("focus"));
    if (target.length) target[0].scrollIntoView({ block: "center" });
    history.replaceState(null, "", `#claim-${cid}`);
  }

  // Only this actor's passages stay highlighted; its claims are outlined.
  function focusActor(id) {
    const li = document.querySelector(`li.actor[data-actor="${id}"]`);
    const mine = Object.keys(claims).filter((cid) => claims[cid].actor_id === id);
    if (!li || !mine.length) return;
    clearMarks();
    hidePop();
    li.classList.add("selected");
    document.body.classList.add("actor-focus");
    const first = [];
    for (const cid of mine) {
      document.getElementById(`claim-${cid}`).classList.add("cited");
      claims[cid].evidence.forEach((_, j) => {
        const segs = segsOf(`${cid}.${j}`);
        segs.forEach((s) => s.classList.add("hit"));
        if (segs.length) first.push([claims[cid].evidence[j], segs[0]]);
      });
    }
    first.sort((a, b) => a[0][0] - b[0][0] || a[0][1] - b[0][1]);
    showSource(first[0][0][0]);
    first[0][1].scrollIntoView({ block: "center" });
    history.replaceState(null, "", `#actor-${id}`);
  }

  function popItem(cid, k) {
    const claim = claims[cid];
    const item = document.createElement("button");
    item.type = "button";
    item.className = `item c-${claim.colour}`;
    const kind = document.createElement("span");
    kind.className = "k";
    kind.textContent = [KIND[claim.kind], claim.actor || claim.topic].filter(Boolean).join(" · ");
    item.append(kind, document.createTextNode(claim.text));
    item.addEventListener("click", () => selectClaim(cid, k, true));
    return item;
  }

  // The claims citing one highlighted segment, in a box beside it.
  function showCitations(seg) {
    clearMarks();
    const seen = new Map();
    for (const evId of seg.dataset.ev.split(" ")) {
      const dot = evId.lastIndexOf(".");
      const cid = evId.slice(0, dot);
      if (!seen.has(cid)) seen.set(cid, Number(evId.slice(dot + 1)));
    }
    pop.replaceChildren();
    const close = document.createElement("button");
    close.type = "button";
    close.className = "close";
    close.setAttribute("aria-label", "close");
    close.textContent = "×";
    close.addEventListener("click", hidePop);
    const head = document.createElement("h3");
    head.textContent = `Cited by ${seen.size} claim${seen.size === 1 ? "" : "s"}`;
    pop.append(close, head);
    for (const [cid, k] of seen) {
      pop.append(popItem(cid, k));
      document.getElementById(`claim-${cid}`).classList.add("cited");
    }
    seg.classList.add("focus");
    popSeg = seg;
    pop.hidden = false;
    placePop();
    history.replaceState(null, "", `#at-${seg.closest("section.source").dataset.source}-${seg.dataset.start}`);
  }

  document.addEventListener("click", (e) => {
    const ev = e.target.closest("button.ev");
    if (ev) { e.stopPropagation(); selectClaim(ev.dataset.claim, Number(ev.dataset.k)); return; }
    const claim = e.target.closest("li.claim");
    if (claim) { selectClaim(claim.dataset.claim); return; }
    const actor = e.target.closest("li.actor.has-claims");
    if (actor) {
      if (actor.classList.contains("selected")) { clearMarks(); return; }
      focusActor(actor.dataset.actor);
      return;
    }
    const tab = e.target.closest(".tab");
    if (tab) { hidePop(); showSource(Number(tab.dataset.source)); return; }
    const seg = e.target.closest(".text .seg");
    if (seg) { showCitations(seg); return; }
    if (!e.target.closest("#pop")) hidePop();
  });
  document.addEventListener("keydown", (e) => {
    if (e.key === "Escape") { hidePop(); clearMarks(); return; }
    if (e.key !== "Enter" && e.key !== " ") return;
    const claim = e.target.closest && e.target.closest("li.claim");
    if (claim) { e.preventDefault(); selectClaim(claim.dataset.claim); return; }
    const actor = e.target.closest && e.target.closest("li.actor.has-claims");
    if (actor) { e.preventDefault(); focusActor(actor.dataset.actor); }
  });
  document.querySelectorAll("#sources, #brief").forEach((p) => p.addEventListener("scroll", placePop,
    { passive: true }));
  window.addEventListener("resize", placePop);

  // Deep links: #claim-<cid> selects a claim, #actor-<id> focuses an actor,
  // #at-<source>-<offset> opens a passage's citations.
  function fromHash() {
    const h = decodeURIComponent(location.hash.slice(1));
    let m = /^claim-([a-z0-9]+)$/.exec(h);
    if (m && claims[m[1]]) { selectClaim(m[1], 0, true); return; }
    m = /^actor-([a-z0-9][a-z0-9_-]*)$/.exec(h);
    if (m) { focusActor(m[1]); return; }
    m = /^at-(\d+)-(\d+)$/.exec(h);
    if (!m) return;
    const pane = document.getElementById(`source-${m[1]}`);
    const at = Number(m[2]);
    const seg = pane && [...pane.querySelectorAll(".seg")]
      .find((s) => Number(s.dataset.start) <= at && at < Number(s.dataset.end));
    if (seg) { showSource(Number(m[1])); seg.scrollIntoView({ block: "center" }); showCitations(seg); }
  }

  if (tabs.length) document.body.classList.add("tabs-on");
  fromHash();
  document.body.dataset.ready = "1";
})();
