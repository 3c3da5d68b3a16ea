// Pure, deterministic renderers: model -> string (SVG, HTML, text). No DOM, no clock.
export { renderTopologySvg, type TopologySvgOptions } from "./topology-svg.js";
export { renderTopologyText, type TopologyTextOptions } from "./topology-text.js";
export { renderIptablesText, formatIptablesNumber, type IptablesTextOptions } from "./iptables-text.js";
export { renderIptablesHtml, type IptablesHtmlOptions } from "./iptables-html.js";
export { renderCountersText, renderCountersHtml, sortDeltas } from "./counters.js";
export {
  renderTerminalHtml, renderTerminalText, renderTerminalNotesHtml, promptParts, TERMINAL_MIME, toTerminalJson, readTerminalJson,
  type TerminalBlock, type TerminalJson, type TerminalOptions,
} from "./terminal.js";
export { escapeHtml, ansiToHtml, stripAnsi } from "./html-text.js";
export {
  renderNeighboursText, renderNeighboursHtml, renderRoutesText, renderRoutesHtml, renderFdbText, renderFdbHtml,
  type NetTableOptions, type RouteTableOptions, type FdbTableOptions,
} from "./net-tables.js";
export { renderWalkSvg, type WalkSvgOptions } from "./walk-svg.js";
export { renderWalkText, type WalkTextOptions } from "./walk-text.js";
export {
  EXERCISE_MIME, renderExerciseHtml, renderExerciseText, toExerciseJson, readExerciseJson, inlineMarkdown, plainMarkdown, exerciseLabel, predictionVerdict,
  type ExerciseCard, type ExerciseRef, type TaskCard, type CheckCard, type PredictionCard, type RevealCard, type SummaryCard,
} from "./exercise.js";
