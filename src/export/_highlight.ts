// highlight.js core with only the languages course notes use, so loading stays cheap.
import hljs from "highlight.js/lib/core";
import bash from "highlight.js/lib/languages/bash";
import diff from "highlight.js/lib/languages/diff";
import javascript from "highlight.js/lib/languages/javascript";
import json from "highlight.js/lib/languages/json";
import plaintext from "highlight.js/lib/languages/plaintext";
import shell from "highlight.js/lib/languages/shell";
import typescript from "highlight.js/lib/languages/typescript";
import xml from "highlight.js/lib/languages/xml";
import { escapeHtml } from "../render/html-text.js";

hljs.registerLanguage("typescript", typescript); // aliases ts, tsx
hljs.registerLanguage("javascript", javascript);
hljs.registerLanguage("bash", bash); // aliases sh, zsh
hljs.registerLanguage("shell", shell); // aliases console, shellsession
hljs.registerLanguage("json", json);
hljs.registerLanguage("diff", diff);
hljs.registerLanguage("xml", xml); // aliases html, svg
hljs.registerLanguage("plaintext", plaintext);

/** Highlighted, escaped HTML for `code` in `lang`; plain escaped text when the language is unknown. */
export function highlight(code: string, lang: string): string {
  if (CONSOLE.has(lang.toLowerCase())) return highlightConsole(code);
  const language = lang && hljs.getLanguage(lang) ? lang : "";
  if (!language) return escapeHtml(code);
  return hljs.highlight(code, { language, ignoreIllegals: true }).value;
}

const CONSOLE = new Set(["console", "shell", "shellsession", "terminal"]);
// "root@docker1:~# cmd", "$ cmd", "# cmd", "RED# cmd": the prompt, then a command in bash.
const PROMPT = /^((?:[\w.-]+@[\w.-]+(?::[^\s#$]*)?|[\w.-]+)?[#$>] )(.*)$/;

/** A console transcript: prompts and commands highlighted, output left as plain text. */
function highlightConsole(code: string): string {
  return code
    .split("\n")
    .map((line) => {
      const m = PROMPT.exec(line);
      if (!m) return `<span class="vb-out">${escapeHtml(line)}</span>`;
      const command = hljs.highlight(m[2]!, { language: "bash", ignoreIllegals: true }).value;
      return `<span class="hljs-meta prompt_">${escapeHtml(m[1]!)}</span><span class="vb-cmd">${command}</span>`;
    })
    .join("\n");
}
