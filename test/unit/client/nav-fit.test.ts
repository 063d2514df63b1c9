import { expect } from 'chai';
import { fittingNavItems } from '../../../client/src/app/nav-fit.js';

describe('main navigation: how many items fit on one row', () => {
  it('shows every item when the row has room for all of them (no "More")', () => {
    expect(fittingNavItems([100, 100, 100], 80, 308, 4)).to.equal(3);
  });

  it('moves the items that do not fit into "More", leaving room for the button', () => {
    // 3 items + 2 gaps = 308 > 300; 2 items + More + 2 gaps = 288 fits.
    expect(fittingNavItems([100, 100, 100], 80, 300, 4)).to.equal(2);
    // A wide "More" pushes one more item out: 2 items + 95 + 2 gaps = 303 > 300.
    expect(fittingNavItems([100, 100, 100], 95, 300, 4)).to.equal(1);
  });

  it('keeps only "More" when not even one item fits beside it', () => {
    expect(fittingNavItems([200, 200], 80, 150, 4)).to.equal(0);
  });

  it('counts nothing for an empty navigation', () => {
    expect(fittingNavItems([], 80, 300, 4)).to.equal(0);
  });
});
