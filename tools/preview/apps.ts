import { createReadStream, existsSync, readFileSync, statSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import path from 'node:path';
import type { PreviewManifest, PreviewModule } from './manifest';

/**
 * Serves each module's static build under `/apps/<resource>/`, exactly as built, with one change to the HTML
 * response: a classic `<script src="/__preview/frame-bridge.js">` inserted as the first element of `<head>`, so the
 * bridge stand-in is defined before any of the app's own scripts. JavaScript, CSS and every other asset are streamed
 * from disk byte for byte.
 *
 * Frames get a Content-Security-Policy modelled on Forge's for Custom UI: scripts only from the app's own origin
 * (no inline scripts, no eval), inline styles only when the manifest's `permissions.content.styles` lists
 * `unsafe-inline`, network only to the own origin (the preview also serves the bridge and tokens there).
 */

/** The injected tag. */
export const BRIDGE_SCRIPT_TAG = '<script src="/__preview/frame-bridge.js"></script>';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.txt': 'text/plain; charset=utf-8',
};

/** The content type for a file name (octet-stream when unknown). */
export function contentType(file: string): string {
  return TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
}

/** Inserts the bridge tag right after `<head …>` (or before the first tag when there is no head element). */
export function injectBridge(htmlText: string): string {
  const head = /<head(\s[^>]*)?>/i.exec(htmlText);
  if (head) {
    const at = head.index + head[0].length;
    return `${htmlText.slice(0, at)}${BRIDGE_SCRIPT_TAG}${htmlText.slice(at)}`;
  }
  const first = /<(?!!)[a-z]/i.exec(htmlText);
  const at = first ? first.index : 0;
  return `${htmlText.slice(0, at)}${BRIDGE_SCRIPT_TAG}${htmlText.slice(at)}`;
}

/** The frames' Content-Security-Policy for the manifest's content permissions. */
export function frameCsp(permissions: PreviewManifest['contentPermissions']): string {
  const inlineStyles = permissions.styles.includes('unsafe-inline') ? " 'unsafe-inline'" : '';
  const inlineScripts = permissions.scripts.includes('unsafe-inline') ? " 'unsafe-inline'" : '';
  const evalScripts = permissions.scripts.includes('unsafe-eval') ? " 'unsafe-eval'" : '';
  return [
    "default-src 'self'",
    `script-src 'self'${inlineScripts}${evalScripts}`,
    `style-src 'self'${inlineStyles}`,
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "frame-ancestors 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
  ].join('; ');
}

/** Why a static build cannot be served. */
export function missingBuild(module: PreviewModule): string | null {
  const index = path.join(module.resourceDir, 'index.html');
  return existsSync(index) ? null : `The static build of "${module.resource}" is missing (${index}): run npm run build first.`;
}

/**
 * Serves `/apps/<resource>/<rest>` for a module's resource folder.
 * @returns false when the path names no file of the build (the caller answers 404).
 */
export function serveAppFile(res: ServerResponse, module: PreviewModule, rest: string, csp: string, headOnly: boolean): boolean {
  let relative: string;
  try {
    relative = decodeURIComponent(rest);
  } catch {
    return false;
  }
  if (relative === '' || relative.endsWith('/')) relative += 'index.html';
  const root = module.resourceDir;
  const file = path.resolve(root, `.${path.sep}${relative}`);
  if (file !== root && !file.startsWith(root + path.sep)) return false; // no climbing out of the build folder
  let size: number;
  try {
    const st = statSync(file);
    if (!st.isFile()) return false;
    size = st.size;
  } catch {
    return false;
  }
  const type = contentType(file);
  if (type.startsWith('text/html')) {
    const body = Buffer.from(injectBridge(readFileSync(file, 'utf8')), 'utf8');
    res.writeHead(200, {
      'content-type': type,
      'content-length': body.length,
      'cache-control': 'no-store',
      'content-security-policy': csp,
      'x-content-type-options': 'nosniff',
    });
    res.end(headOnly ? undefined : body);
    return true;
  }
  res.writeHead(200, { 'content-type': type, 'content-length': size, 'cache-control': 'no-cache', 'x-content-type-options': 'nosniff' });
  if (headOnly) res.end();
  else createReadStream(file).pipe(res);
  return true;
}
