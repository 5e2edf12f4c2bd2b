/** The seeded generator fuzz tests use (mulberry32): a failure replays from its seed. */
export { seededRandom as rng } from '../../src/util/seeded-random.js';
