export { checkProductFile, isZipArchive, writeProductFile, type ProductFileOptions } from './productFile';
export { readRegularFile, readRegularTextFile } from './regularFile';
