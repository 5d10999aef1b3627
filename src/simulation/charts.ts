import { Resvg } from '@resvg/resvg-js';
import { join } from 'node:path';
import { View, parse } from 'vega';
import { TopLevelSpec, compile } from 'vega-lite';

/** The font ships with the project (dejavu-fonts-ttf), so a chart looks the same on any machine. */
const FONT = 'DejaVu Sans';
const FONT_FILES = ['DejaVuSans.ttf', 'DejaVuSans-Bold.ttf'].map((file) => join(require.resolve('dejavu-fonts-ttf/package.json'), '..', 'ttf', file));

/** Danish months and numbers on the axes of a Danish page (d3's da-DK locale). */
const DANISH = {
  number: { decimal: ',', thousands: '.', grouping: [3], currency: ['', ' kr.'] },
  time: {
    dateTime: '%A den %d %B %Y %X',
    date: '%d-%m-%Y',
    time: '%H:%M:%S',
    periods: ['AM', 'PM'],
    days: ['søndag', 'mandag', 'tirsdag', 'onsdag', 'torsdag', 'fredag', 'lørdag'],
    shortDays: ['søn', 'man', 'tir', 'ons', 'tor', 'fre', 'lør'],
    months: ['januar', 'februar', 'marts', 'april', 'maj', 'juni', 'juli', 'august', 'september', 'oktober', 'november', 'december'],
    shortMonths: ['jan', 'feb', 'mar', 'apr', 'maj', 'jun', 'jul', 'aug', 'sep', 'okt', 'nov', 'dec'],
  },
};

/** A Vega-Lite chart as a PNG, without a browser: Vega draws SVG in Node, resvg rasterises it. */
export async function chartPng(spec: TopLevelSpec, language: 'da' | 'en' = 'en'): Promise<Buffer> {
  const themed = { ...spec, config: { font: FONT, ...(language === 'da' ? { locale: DANISH } : {}), ...spec.config } } as TopLevelSpec;
  const view = new View(parse(compile(themed).spec), { renderer: 'none' });
  const svg = await view.toSVG(2);
  view.finalize();
  return new Resvg(svg, { font: { fontFiles: FONT_FILES, loadSystemFonts: false, defaultFontFamily: FONT }, background: 'white' }).render().asPng();
}
