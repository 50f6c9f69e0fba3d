//! Stable hashing, the root of determinism: every mock value is drawn from
//! a generator seeded with a hash of the seed and the value's place (entity,
//! object key, field). The same inputs hash alike on every run and platform,
//! unlike `std`'s hashers, whose algorithm may change between releases.

use rand::SeedableRng;
use rand::rngs::ChaCha8Rng;

/// Folds `value` into `state`.
pub fn mix(state: u64, value: u64) -> u64 {
    finish(state ^ finish(value))
}

/// Folds `text` into `state` (FNV-1a, then a SplitMix64 round).
pub fn mix_str(state: u64, text: &str) -> u64 {
    let mut h = 0xcbf2_9ce4_8422_2325_u64;
    for byte in text.bytes() {
        h = (h ^ u64::from(byte)).wrapping_mul(0x0000_0100_0000_01b3);
    }
    mix(state, h)
}

/// SplitMix64's finaliser: every input bit affects every output bit.
fn finish(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// A generator whose draws depend only on `hash`.
pub fn rng(hash: u64) -> ChaCha8Rng {
    ChaCha8Rng::seed_from_u64(hash)
}
