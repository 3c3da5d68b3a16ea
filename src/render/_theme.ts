// Which palette a view takes (internal). In a page of its own (the exported notes, a browser)
// it follows the system's light/dark setting; inside Jupyter the notebook's own theme decides:
// JupyterLab names it on <body data-jp-theme-light>, the classic Notebook is always light, so
// an output area there stays light even when the OS prefers dark.

/** Rules after `selector{LIGHT}`: dark by the OS, then Jupyter's theme, which wins. */
export function themeRules(selector: string, light: string, dark: string): string[] {
  const inJupyter = [".output_area", ".jp-OutputArea", "body[data-jp-theme-light=\"true\"]"].map((s) => `${s} ${selector}`).join(",");
  return [
    `@media (prefers-color-scheme:dark){${selector}{${dark}}}`,
    `${inJupyter}{${light}}`,
    `body[data-jp-theme-light="false"] ${selector}{${dark}}`,
  ];
}
