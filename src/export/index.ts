// HTML course notes from executed notebooks.
export { exportSite, loadCourse, findNotebooks, type ExportOptions, type ExportResult } from "./site.js";
export { renderMarkdown, renderMarkdownWithHeadings, type Heading, type MarkdownOptions } from "./markdown.js";
export { renderOutput, renderSvg, type OutputOptions } from "./outputs.js";
export { renderCell, renderCellWithHeadings, type CellOptions } from "./cells.js";
export { renderChapter, renderChapterBody, recordedLine } from "./chapter.js";
export { renderIndex } from "./index-page.js";
export { renderSingleFile } from "./single-file.js";
export { chapterFromNotebook, type Chapter } from "./notebook.js";
export { DEFAULT_TITLE, type Course } from "./course.js";
