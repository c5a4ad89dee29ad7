// Public surface of the report: report.html and the figures of a sweep, from its payloads.
export { FIGURE_FILES, REPORT_FILE, type ReportOptions, type WrittenReport, paramAxes, writeReport } from './write';
export { escapeHtml, reportHtml } from './html';
