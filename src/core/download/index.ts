/** Downloading a deployed function's code into a folder, safely. */
export { downloadFunctionCode, type DownloadCodeOptions, type DownloadCodeResult, type DownloadProgress, type DownloadPhase } from './downloadCode';
export { planExtraction, writeExtraction, safeEntryPath, type ExtractionPlan } from './safeExtract';
