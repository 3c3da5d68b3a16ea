// Pure, deterministic renderers: model -> string (SVG, HTML, text). No DOM, no clock.
export { renderIptablesText, formatIptablesNumber, type IptablesTextOptions } from "./iptables-text.js";
