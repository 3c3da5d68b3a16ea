// The topology SVG's embedded stylesheet: colours as CSS variables, light and dark (internal).
// Scoped under svg.vb-topo so it cannot leak into a notebook page that inlines the SVG.

import { themeRules } from "./_theme.js";

const LIGHT = "--vb-text:#1f2328;--vb-muted:#59636e;--vb-frame:#f6f8fa;--vb-frame-s:#8c959f;--vb-ns:#ffffff;--vb-ns-s:#6e7781;--vb-ns-head:#eaeef2;--vb-chip:#f6f8fa;--vb-chip-s:#c8d1da;--vb-up:#1a7f37;--vb-up-bg:#d1f5da;--vb-down:#8c959f;--vb-down-bg:#eaeef2;--vb-warn:#9a6700;--vb-warn-bg:#fff1b8;--vb-add:#0969da;--vb-chg:#bc4c00;--vb-rm:#cf222e;--vb-b0:#8250df;--vb-b0-bg:#f5efff;--vb-b1:#1b7c83;--vb-b1-bg:#e3f7f8;--vb-b2:#bf3989;--vb-b2-bg:#ffeff7;--vb-b3:#953800;--vb-b3-bg:#fff1e5";
const DARK = "--vb-text:#e6edf3;--vb-muted:#9198a1;--vb-frame:#0d1117;--vb-frame-s:#656c76;--vb-ns:#151b23;--vb-ns-s:#768390;--vb-ns-head:#262c36;--vb-chip:#212830;--vb-chip-s:#3d444d;--vb-up:#3fb950;--vb-up-bg:#0f3d1e;--vb-down:#8b949e;--vb-down-bg:#2a313c;--vb-warn:#d29922;--vb-warn-bg:#3b2a06;--vb-add:#4493f8;--vb-chg:#f0883e;--vb-rm:#f85149;--vb-b0:#ab7df8;--vb-b0-bg:#2a1f44;--vb-b1:#39c5cf;--vb-b1-bg:#0c2d31;--vb-b2:#f778ba;--vb-b2-bg:#3a1529;--vb-b3:#f0883e;--vb-b3-bg:#3a230f";

export const TOPO_CSS = [
  `svg.vb-topo{${LIGHT};font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,"DejaVu Sans Mono","Liberation Mono",monospace}`,
  ...themeRules("svg.vb-topo", LIGHT, DARK),
  "svg.vb-topo text{fill:var(--vb-text);font-size:11px}",
  ".vb-topo .vb-frame{fill:var(--vb-frame);stroke:var(--vb-frame-s);stroke-width:1.5}",
  ".vb-topo .vb-title{font-size:15px;font-weight:700}",
  ".vb-topo .vb-sub,.vb-topo .vb-meta{fill:var(--vb-muted)}",
  ".vb-topo .vb-sub{font-size:11px}",
  ".vb-topo .vb-meta{font-size:9.5px}",
  ".vb-topo .vb-box{fill:var(--vb-ns);stroke:var(--vb-ns-s);stroke-width:1.2}",
  ".vb-topo .vb-box-head{fill:var(--vb-ns-head)}",
  ".vb-topo .vb-ns-name{font-size:13px;font-weight:700}",
  ".vb-topo .vb-chip{fill:var(--vb-chip);stroke:var(--vb-chip-s)}",
  ".vb-topo .vb-if-name{font-size:12px;font-weight:700}",
  ".vb-topo .vb-badge{stroke:none}",
  ".vb-topo .vb-badge-t{font-size:9.5px;font-weight:700}",
  ".vb-topo .vb-st-up .vb-badge{fill:var(--vb-up-bg)}.vb-topo .vb-st-up .vb-badge-t{fill:var(--vb-up)}",
  ".vb-topo .vb-st-down .vb-badge{fill:var(--vb-down-bg)}.vb-topo .vb-st-down .vb-badge-t{fill:var(--vb-muted)}",
  ".vb-topo .vb-st-warn .vb-badge{fill:var(--vb-warn-bg)}.vb-topo .vb-st-warn .vb-badge-t{fill:var(--vb-warn)}",
  ".vb-topo .vb-st-down .vb-chip{stroke-dasharray:4 3}",
  ".vb-topo .vb-cable{fill:none;stroke-width:2.2;stroke-linecap:round;stroke-linejoin:round}",
  ".vb-topo .vb-cable.vb-up{stroke:var(--vb-up)}",
  ".vb-topo .vb-cable.vb-down{stroke:var(--vb-down);stroke-dasharray:6 4}",
  ".vb-topo .vb-stub{fill:var(--vb-frame);stroke:var(--vb-muted);stroke-width:1.5}",
  ".vb-topo .vb-bus{fill:none;stroke-width:3;stroke-linecap:round}",
  ".vb-topo .vb-switch{stroke-width:2}",
  ".vb-topo .vb-switch-icon{fill:none;stroke-width:1.8;stroke-linecap:round;stroke-linejoin:round}",
  ...[0, 1, 2, 3].map((k) => `.vb-topo .vb-brc-${k} .vb-switch{fill:var(--vb-b${k}-bg);stroke:var(--vb-b${k})}.vb-topo .vb-brc-${k} .vb-switch-icon,.vb-topo .vb-bus.vb-brc-${k}{stroke:var(--vb-b${k})}.vb-topo .vb-dot.vb-brc-${k}{fill:var(--vb-b${k})}.vb-topo .vb-cable.vb-up.vb-brc-${k}{stroke:var(--vb-b${k})}`),
  ".vb-topo .vb-bridge-name{font-size:13px;font-weight:700}",
  ".vb-topo .vb-chg-added>.vb-chip,.vb-topo .vb-chg-added>.vb-box{stroke:var(--vb-add);stroke-width:2.5;stroke-dasharray:none}",
  ".vb-topo .vb-chg-changed>.vb-chip,.vb-topo .vb-chg-changed>.vb-box{stroke:var(--vb-chg);stroke-width:2.5;stroke-dasharray:none}",
  ".vb-topo .vb-cable.vb-chg-added{stroke:var(--vb-add)}.vb-topo .vb-cable.vb-chg-changed{stroke:var(--vb-chg)}",
  ".vb-topo .vb-pill-added{fill:var(--vb-add)}.vb-topo .vb-pill-changed{fill:var(--vb-chg)}",
  "svg.vb-topo .vb-pill-t{fill:#ffffff;font-size:9px;font-weight:700}",
  ".vb-topo .vb-addr-chg{fill:var(--vb-chg);font-weight:700}",
  ".vb-topo .vb-rm{fill:var(--vb-rm)}",
  ".vb-topo .vb-key{fill:none;stroke-width:2.2}",
].join("\n");
