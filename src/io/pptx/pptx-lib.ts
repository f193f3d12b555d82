/**
 * pptxgenjs ships ESM at run time (default export = the class) but CommonJS-shaped types, which under NodeNext put
 * the class under `.default`: this module reconciles the two so the rest of the renderer imports one constructor.
 */
import pptxgen from 'pptxgenjs';

export type Pptx = pptxgen.default;
export type Slide = pptxgen.default.Slide;
export type TextRun = pptxgen.default.TextProps;
export type RunOptions = pptxgen.default.TextPropsOptions;
export type Cell = pptxgen.default.TableCell;
export type Row = pptxgen.default.TableRow;
export type TableOptions = pptxgen.default.TableProps;
export type CellOptions = pptxgen.default.TableCellProps;

const loaded = pptxgen as unknown as { default?: typeof pptxgen.default };
export const PptxGenJS: typeof pptxgen.default =
  loaded.default ?? (pptxgen as unknown as typeof pptxgen.default);
