// The packet-walk SVG's embedded stylesheet: colours as CSS variables, light and dark
// (internal). Scoped under svg.vb-walk so it cannot leak into a page that inlines it.

import { themeRules } from "./_theme.js";

const LIGHT = "--w-text:#1f2328;--w-muted:#59636e;--w-faint:#8c959f;--w-frame:#f6f8fa;--w-frame-s:#d1d9e0;--w-panel:#ffffff;--w-panel-s:#d1d9e0;--w-off:#eef1f4;--w-off-s:#c2cad3;--w-path:#0969da;--w-path-bg:#ddf4ff;--w-ok:#1a7f37;--w-ok-bg:#dafbe1;--w-drop:#cf222e;--w-drop-bg:#ffebe9;--w-nat:#bc4c00;--w-nat-bg:#fff1e5;--w-jump:#8250df;--w-jump-bg:#fbefff;--w-chip:#f6f8fa";
const DARK = "--w-text:#e6edf3;--w-muted:#9198a1;--w-faint:#6e7681;--w-frame:#0d1117;--w-frame-s:#3d444d;--w-panel:#151b23;--w-panel-s:#3d444d;--w-off:#1c222b;--w-off-s:#3d444d;--w-path:#4493f8;--w-path-bg:#0c2d4f;--w-ok:#3fb950;--w-ok-bg:#0f3d1e;--w-drop:#f85149;--w-drop-bg:#4a1418;--w-nat:#f0883e;--w-nat-bg:#3a230f;--w-jump:#ab7df8;--w-jump-bg:#2a1f44;--w-chip:#212830";

export const WALK_CSS = [
  `svg.vb-walk{${LIGHT};font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,"DejaVu Sans Mono","Liberation Mono",monospace}`,
  ...themeRules("svg.vb-walk", LIGHT, DARK),
  "svg.vb-walk text{fill:var(--w-text);font-size:11px}",
  ".vb-walk .w-frame{fill:var(--w-frame);stroke:var(--w-frame-s)}",
  ".vb-walk .w-title{font-size:15px;font-weight:700}",
  ".vb-walk .w-sub,.vb-walk .w-muted{fill:var(--w-muted)}",
  ".vb-walk .w-panel{fill:var(--w-panel);stroke:var(--w-panel-s)}",
  ".vb-walk .w-tag{font-size:10px;font-weight:700;letter-spacing:1px;fill:var(--w-muted)}",
  ".vb-walk .w-route{font-size:13px;font-weight:700}",
  ".vb-walk .w-small{font-size:10px}",
  // the hook diagram
  ".vb-walk .w-hook rect,.vb-walk .w-hook path{fill:var(--w-off);stroke:var(--w-off-s);stroke-width:1.2}",
  ".vb-walk .w-hook text{fill:var(--w-faint);font-size:10.5px;font-weight:700}",
  ".vb-walk .w-hook.w-lit rect,.vb-walk .w-hook.w-lit path{fill:var(--w-path-bg);stroke:var(--w-path);stroke-width:2}",
  ".vb-walk .w-hook.w-lit text{fill:var(--w-text)}",
  ".vb-walk .w-hook.w-quiet rect,.vb-walk .w-hook.w-quiet path{fill:var(--w-panel);stroke:var(--w-path);stroke-width:1.6;stroke-dasharray:4 3}",
  ".vb-walk .w-hook.w-quiet text{fill:var(--w-text)}",
  ".vb-walk .w-hook.w-dropped rect{fill:var(--w-drop-bg);stroke:var(--w-drop);stroke-width:2}",
  ".vb-walk .w-edge{fill:none;stroke:var(--w-off-s);stroke-width:1.3}",
  ".vb-walk .w-edge.w-lit{stroke:var(--w-path);stroke-width:2.6}",
  ".vb-walk .w-edge.w-quiet{stroke:var(--w-path);stroke-width:2;stroke-dasharray:5 3}",
  ".vb-walk .w-head{fill:var(--w-off-s)}.vb-walk .w-head.w-lit,.vb-walk .w-head.w-quiet{fill:var(--w-path)}",
  ".vb-walk .w-iface{font-size:10px;fill:var(--w-muted)}",
  ".vb-walk .w-badge-nat{fill:var(--w-nat)}.vb-walk .w-badge-drop{fill:var(--w-drop)}.vb-walk .w-badge-ok{fill:var(--w-ok)}",
  "svg.vb-walk .w-badge-t{fill:#ffffff;font-size:9px;font-weight:700}",
  // the steps
  ".vb-walk .w-group{font-size:11px;font-weight:700;fill:var(--w-path)}",
  ".vb-walk .w-group.w-quiet{fill:var(--w-muted);font-weight:400}",
  ".vb-walk .w-bar{fill:var(--w-path)}.vb-walk .w-bar.w-quiet{fill:var(--w-off-s)}",
  ".vb-walk .w-chain{font-weight:700}",
  ".vb-walk .w-trace text{fill:var(--w-muted)}.vb-walk .w-trace .w-chain{font-weight:400}",
  ".vb-walk .w-rule{font-size:10px;fill:var(--w-muted)}",
  ".vb-walk .w-guide{stroke:var(--w-off-s);stroke-width:1}",
  ".vb-walk .w-pill{stroke:none}.vb-walk .w-pill-t{font-size:9.5px;font-weight:700}",
  ".vb-walk .w-v-accept .w-pill{fill:var(--w-ok-bg)}.vb-walk .w-v-accept .w-pill-t{fill:var(--w-ok)}",
  ".vb-walk .w-v-drop .w-pill{fill:var(--w-drop-bg)}.vb-walk .w-v-drop .w-pill-t{fill:var(--w-drop)}",
  ".vb-walk .w-v-jump .w-pill{fill:var(--w-jump-bg)}.vb-walk .w-v-jump .w-pill-t{fill:var(--w-jump)}",
  ".vb-walk .w-v-other .w-pill{fill:var(--w-chip)}.vb-walk .w-v-other .w-pill-t{fill:var(--w-muted)}",
  ".vb-walk .w-nat rect{fill:var(--w-nat-bg);stroke:var(--w-nat);stroke-width:1.2}",
  ".vb-walk .w-nat.w-inferred rect{stroke-dasharray:4 3}",
  ".vb-walk .w-nat .w-nat-t{font-weight:700;fill:var(--w-nat)}",
  // the end
  ".vb-walk .w-final rect{stroke-width:1.5}",
  ".vb-walk .w-final.w-accept rect{fill:var(--w-ok-bg);stroke:var(--w-ok)}.vb-walk .w-final.w-accept .w-final-t{fill:var(--w-ok)}",
  ".vb-walk .w-final.w-drop rect{fill:var(--w-drop-bg);stroke:var(--w-drop)}.vb-walk .w-final.w-drop .w-final-t{fill:var(--w-drop)}",
  ".vb-walk .w-final.w-unknown rect{fill:var(--w-chip);stroke:var(--w-off-s)}",
  ".vb-walk .w-final-t{font-size:13px;font-weight:700}",
  ".vb-walk .w-none{fill:var(--w-muted);font-style:italic}",
].join("\n");
