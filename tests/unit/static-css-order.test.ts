import { bucketOf, sortCompiledCss, splitTopLevel } from '../../static/tooling/compiled-css-order';

describe("Compiled's CSS order for the joined Atlaskit stylesheets", () => {
  it('puts hover after the plain rule it overrides, active after hover, and media queries last', () => {
    const css = '._a:active{color:red}@media (min-width:30rem){._m{gap:0}}._b:hover{color:blue}._c{color:black}';
    expect(sortCompiledCss(css).split('\n')).toEqual([
      '._c{color:black}',
      '._b:hover{color:blue}',
      '._a:active{color:red}',
      '@media (min-width:30rem){._m{gap:0}}',
    ]);
  });

  it('keeps the order within a bucket and drops exact repeats', () => {
    expect(sortCompiledCss('._x{a:1}._y{a:2}._x{a:1}')).toBe('._x{a:1}\n._y{a:2}');
  });

  it('ranks a rule by its last pseudo-class, ignoring those inside :not()', () => {
    expect(bucketOf('._f:focus:not(:focus-visible){outline:none}')).toBe(bucketOf('._g:focus{outline:none}'));
    expect(bucketOf('._h:focus-visible{outline:1px}')).toBeGreaterThan(bucketOf('._g:focus{x:y}'));
    expect(bucketOf('._i:hover:active{x:y}')).toBe(bucketOf('._j:active{x:y}'));
    expect(bucketOf('@charset "utf-8";')).toBeLessThan(0);
  });

  it('does not split on braces inside strings or comments', () => {
    expect(splitTopLevel('a{content:"}"}/* { */b{c:d}')).toEqual(['a{content:"}"}', '/* { */b{c:d}']);
  });
});
