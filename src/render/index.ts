// Pure, deterministic renderers: model -> string (SVG, HTML, text). No DOM, no clock.
export { renderIptablesText, formatIptablesNumber, type IptablesTextOptions } from "./iptables-text.js";
export { renderTopologySvg, type TopologySvgOptions } from "./topology-svg.js";
export { renderTopologyText, type TopologyTextOptions } from "./topology-text.js";
