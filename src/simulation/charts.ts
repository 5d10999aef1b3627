import { Resvg } from '@resvg/resvg-js';
import { join } from 'node:path';
import { View, parse } from 'vega';
import { TopLevelSpec, compile } from 'vega-lite';

/** The font ships with the project (dejavu-fonts-ttf), so a chart looks the same on any machine. */
const FONT = 'DejaVu Sans';
const FONT_FILES = ['DejaVuSans.ttf', 'DejaVuSans-Bold.ttf'].map((file) => join(require.resolve('dejavu-fonts-ttf/package.json'), '..', 'ttf', file));

/** A Vega-Lite chart as a PNG, without a browser: Vega draws SVG in Node, resvg rasterises it. */
export async function chartPng(spec: TopLevelSpec): Promise<Buffer> {
  const themed = { ...spec, config: { font: FONT, ...spec.config } } as TopLevelSpec;
  const view = new View(parse(compile(themed).spec), { renderer: 'none' });
  const svg = await view.toSVG(2);
  view.finalize();
  return new Resvg(svg, { font: { fontFiles: FONT_FILES, loadSystemFonts: false, defaultFontFamily: FONT }, background: 'white' }).render().asPng();
}
