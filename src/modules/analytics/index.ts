/** The analytics module's public surface: other modules import only from here. */
export { analyticsRoutes, briefingSchema, type AnalyticsRoutesOptions } from './routes.js';
export { buildBriefing, type BuildBriefingOptions } from './use-cases/build-briefing.js';
export {
  exportBriefing,
  type BriefingFormat,
  type ExportBriefingOptions,
} from './use-cases/export-briefing.js';
export { briefingCsv } from './briefing-csv.js';
export { briefingPdf } from './briefing-pdf.js';
export {
  briefingJson,
  briefingRows,
  type Briefing,
  type BriefingJson,
  type UnitKpi,
} from './domain/briefing.js';
