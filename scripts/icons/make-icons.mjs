// Renders the app icons in public/icons/ from public/icons/icon.svg (run after editing the SVG:
// `node scripts/icons/make-icons.mjs`). The PNGs are committed, so a build needs no rendering.
// The maskable icon keeps the drawing inside the central 80% "safe zone" that launchers may crop
// to a circle or squircle, on a full-bleed background.
import sharp from 'sharp';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

const dir = fileURLToPath(new URL('../../public/icons/', import.meta.url));
const svg = await readFile(`${dir}icon.svg`);
const BACKGROUND = '#1f5fbf';

async function plain(size, name) {
  await sharp(svg, { density: 384 }).resize(size, size).png().toFile(`${dir}${name}`);
}

async function maskable(size, name) {
  const inner = Math.round(size * 0.7);
  const drawing = await sharp(svg, { density: 384 }).resize(inner, inner).png().toBuffer();
  await sharp({ create: { width: size, height: size, channels: 4, background: BACKGROUND } })
    .composite([{ input: drawing, gravity: 'center' }])
    .png()
    .toFile(`${dir}${name}`);
}

await plain(192, 'icon-192.png');
await plain(512, 'icon-512.png');
await plain(180, 'apple-touch-icon.png');
await maskable(512, 'maskable-512.png');
console.log('icons written to public/icons/');
