/**
 * The Chromium inside the npm package @sparticuz/chromium, unpacked once into
 * node_modules/.cache/leadbeacon-chromium/<version>/.
 *
 * The package's own `executablePath()` unpacks into the shared temp folder, in place, with no
 * lock: test files starting in parallel would write the same 200 MB file at once. Here each
 * process unpacks into a folder of its own and renames it into place, which is atomic; the first
 * rename wins and the others discard theirs. Its fonts come with their own fontconfig file,
 * written for the folder they end up in.
 */
import { createReadStream, createWriteStream, existsSync, readFileSync } from 'node:fs';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createBrotliDecompress } from 'node:zlib';
import { extract } from 'tar-fs';

const PACKAGE = '@sparticuz/chromium';

export interface NpmChromium {
  executablePath: string;
  env: Record<string, string>;
}

/** The package ships an x64 Linux build only. */
export function npmChromiumSupported(): boolean {
  return process.platform === 'linux' && process.arch === 'x64';
}

/** The package's folder: up from its entry file to the package.json that names it. */
function packageDir(): string {
  let dir = dirname(createRequire(import.meta.url).resolve(PACKAGE));
  while (!isPackageRoot(dir)) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`${PACKAGE} has no package.json above its entry file`);
    dir = parent;
  }
  return dir;
}

function isPackageRoot(dir: string): boolean {
  const manifest = join(dir, 'package.json');
  return existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === PACKAGE;
}

function fontconfig(fontsDir: string): string {
  return `<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig>
  <dir>${fontsDir}</dir>
  <cachedir>${fontsDir}-cache</cachedir>
</fontconfig>
`;
}

async function unpackInto(staging: string, bin: string, finalDir: string): Promise<void> {
  await mkdir(staging, { recursive: true });
  await pipeline(
    createReadStream(join(bin, 'chromium.br')),
    createBrotliDecompress(),
    createWriteStream(join(staging, 'chromium'), { mode: 0o755 }),
  );
  await pipeline(createReadStream(join(bin, 'fonts.tar.br')), createBrotliDecompress(), extract(staging));
  await writeFile(join(staging, 'fonts.conf'), fontconfig(join(finalDir, 'fonts')));
}

function described(dir: string): NpmChromium {
  return { executablePath: join(dir, 'chromium'), env: { FONTCONFIG_FILE: join(dir, 'fonts.conf') } };
}

/**
 * Unpacks the package's Chromium unless an earlier run did; returns its path and environment.
 * `cacheRoot` defaults to node_modules/.cache/leadbeacon-chromium.
 */
export async function extractNpmChromium(cacheRoot?: string): Promise<NpmChromium> {
  const pkg = packageDir();
  const { version } = JSON.parse(readFileSync(join(pkg, 'package.json'), 'utf8')) as { version: string };
  const finalDir = join(cacheRoot ?? join(pkg, '..', '..', '.cache', 'leadbeacon-chromium'), version);
  if (existsSync(join(finalDir, 'chromium'))) return described(finalDir);
  const staging = `${finalDir}.partial-${process.pid}-${Math.random().toString(36).slice(2)}`;
  try {
    await unpackInto(staging, join(pkg, 'bin'), finalDir);
    await rename(staging, finalDir);
  } catch (error) {
    // Another process renamed its copy into place first: use that one.
    if (!existsSync(join(finalDir, 'chromium'))) throw error;
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
  return described(finalDir);
}
