// A TypeScript handler with an npm dependency that ships only as an ES module
// (@sindresorhus/slugify and its two dependencies). Lambda cannot load .ts files, so a deploy
// bundles this file and the package into one slugs.js with esbuild: the zip holds the bundle,
// not node_modules (see README.md).
import slugify from '@sindresorhus/slugify';

export interface SlugEvent {
  title?: string;
  separator?: string;
}

export interface SlugResult {
  slug: string;
  words: number;
}

export const handler = async (event: SlugEvent): Promise<SlugResult> => {
  if (typeof event.title !== 'string' || event.title.trim() === '') {
    throw new TypeError('Send {"title": "..."}: the title to turn into a slug.');
  }
  const slug = slugify(event.title, { separator: event.separator ?? '-' });
  return { slug, words: slug ? slug.split(event.separator ?? '-').length : 0 };
};
