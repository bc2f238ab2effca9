/*
 * Argon2id's memory filling (RFC 9106 §3.2 steps 5 and 6) with AVX2, behind
 * io.cinema.auth.account.service.Argon2idNative: the Java side computes H0, the first two blocks of every lane and the
 * tag (Blake2b over a few hundred bytes); this file does the part that costs, the 35,840 block compressions of a
 * 7 MiB, 5-pass hash. Same addressing and block order as Argon2id.java, which the tests compare it with.
 *
 * A block is 128 little-endian 64-bit words, held here as 32 vectors of four: the Blake2b round runs on four words
 * at once (the 4×4 state's columns, then its diagonals after a lane rotation). Only the functions marked AVX2 use
 * AVX2 instructions; argon2id_supported() asks the CPU before Java calls anything else.
 */
#include <jni.h>
#include <stdint.h>
#include <string.h>
#include <immintrin.h>

#define BLOCK_LONGS 128
#define BLOCK_BYTES 1024
#define VECTORS 32
#define SYNC_POINTS 4
#define TYPE_ID 2

#define AVX2 __attribute__((target("avx2")))

typedef struct {
    uint64_t *memory;
    uint32_t blocks;
    uint32_t lanes;
    uint32_t lane_length;
    uint32_t segment_length;
    uint32_t iterations;
    /* scratch of the compression function and of Argon2i addressing, wiped at the end */
    __m256i r[VECTORS];
    __m256i t[VECTORS];
    uint64_t address[BLOCK_LONGS];
    uint64_t input[BLOCK_LONGS];
    uint64_t zero[BLOCK_LONGS];
} state;

/* BlaMka's addition: x + y + 2 · lo32(x) · lo32(y), four words at once */
static inline AVX2 __m256i mix(__m256i x, __m256i y) {
    __m256i p = _mm256_mul_epu32(x, y);
    return _mm256_add_epi64(_mm256_add_epi64(x, y), _mm256_add_epi64(p, p));
}

static inline AVX2 __m256i rotr32(__m256i x) {
    return _mm256_shuffle_epi32(x, _MM_SHUFFLE(2, 3, 0, 1));
}

static inline AVX2 __m256i rotr24(__m256i x) {
    const __m256i bytes = _mm256_setr_epi8(3, 4, 5, 6, 7, 0, 1, 2, 11, 12, 13, 14, 15, 8, 9, 10,
                                           3, 4, 5, 6, 7, 0, 1, 2, 11, 12, 13, 14, 15, 8, 9, 10);
    return _mm256_shuffle_epi8(x, bytes);
}

static inline AVX2 __m256i rotr16(__m256i x) {
    const __m256i bytes = _mm256_setr_epi8(2, 3, 4, 5, 6, 7, 0, 1, 10, 11, 12, 13, 14, 15, 8, 9,
                                           2, 3, 4, 5, 6, 7, 0, 1, 10, 11, 12, 13, 14, 15, 8, 9);
    return _mm256_shuffle_epi8(x, bytes);
}

static inline AVX2 __m256i rotr63(__m256i x) {
    return _mm256_or_si256(_mm256_add_epi64(x, x), _mm256_srli_epi64(x, 63));
}

/* RFC 7693's G without message words, on four (a, b, c, d) quadruples side by side */
static inline AVX2 void g(__m256i *a, __m256i *b, __m256i *c, __m256i *d) {
    *a = mix(*a, *b);
    *d = rotr32(_mm256_xor_si256(*d, *a));
    *c = mix(*c, *d);
    *b = rotr24(_mm256_xor_si256(*b, *c));
    *a = mix(*a, *b);
    *d = rotr16(_mm256_xor_si256(*d, *a));
    *c = mix(*c, *d);
    *b = rotr63(_mm256_xor_si256(*b, *c));
}

/*
 * One Blake2b round on a 4×4 state of words m0..m15 held as a = m0..m3, b = m4..m7, c = m8..m11, d = m12..m15:
 * G on the columns, then on the diagonals (m0 m5 m10 m15, m1 m6 m11 m12, ...) by rotating b, c, d one, two and
 * three lanes to the left, and back.
 */
static inline AVX2 void round4(__m256i *a, __m256i *b, __m256i *c, __m256i *d) {
    g(a, b, c, d);
    *b = _mm256_permute4x64_epi64(*b, _MM_SHUFFLE(0, 3, 2, 1));
    *c = _mm256_permute4x64_epi64(*c, _MM_SHUFFLE(1, 0, 3, 2));
    *d = _mm256_permute4x64_epi64(*d, _MM_SHUFFLE(2, 1, 0, 3));
    g(a, b, c, d);
    *b = _mm256_permute4x64_epi64(*b, _MM_SHUFFLE(2, 1, 0, 3));
    *c = _mm256_permute4x64_epi64(*c, _MM_SHUFFLE(1, 0, 3, 2));
    *d = _mm256_permute4x64_epi64(*d, _MM_SHUFFLE(0, 3, 2, 1));
}

/*
 * next = P(prev ^ ref) ^ (prev ^ ref), XORed into next's old content when xor_old (passes after the first, version
 * 1.3). P applies the round to the eight rows (words 16i..16i+15, vectors 4i..4i+3), then to the eight columns
 * (words 2i, 2i+1, 2i+16, 2i+17, ..., 2i+113): column 2j is the low 128-bit halves of vectors j, j+4, ..., j+28 and
 * column 2j+1 their high halves, so the two are gathered, rounded and scattered back together.
 */
static AVX2 void compress(state *s, const uint64_t *prev, const uint64_t *ref, uint64_t *next, int xor_old) {
    __m256i *r = s->r;
    __m256i *t = s->t;
    for (int k = 0; k < VECTORS; k++) {
        __m256i v = _mm256_xor_si256(_mm256_loadu_si256((const __m256i *) (prev + 4 * k)),
                                     _mm256_loadu_si256((const __m256i *) (ref + 4 * k)));
        r[k] = v;
        t[k] = xor_old ? _mm256_xor_si256(v, _mm256_loadu_si256((const __m256i *) (next + 4 * k))) : v;
    }
    for (int i = 0; i < 8; i++) {
        round4(&r[4 * i], &r[4 * i + 1], &r[4 * i + 2], &r[4 * i + 3]);
    }
    for (int j = 0; j < 4; j++) {
        __m256i q[8];
        __m256i lo[4];
        __m256i hi[4];
        for (int n = 0; n < 8; n++) {
            q[n] = r[j + 4 * n];
        }
        for (int n = 0; n < 4; n++) {
            lo[n] = _mm256_permute2x128_si256(q[2 * n], q[2 * n + 1], 0x20);
            hi[n] = _mm256_permute2x128_si256(q[2 * n], q[2 * n + 1], 0x31);
        }
        round4(&lo[0], &lo[1], &lo[2], &lo[3]);
        round4(&hi[0], &hi[1], &hi[2], &hi[3]);
        for (int n = 0; n < 4; n++) {
            r[j + 4 * (2 * n)] = _mm256_permute2x128_si256(lo[n], hi[n], 0x20);
            r[j + 4 * (2 * n + 1)] = _mm256_permute2x128_si256(lo[n], hi[n], 0x31);
        }
    }
    for (int k = 0; k < VECTORS; k++) {
        _mm256_storeu_si256((__m256i *) (next + 4 * k), _mm256_xor_si256(t[k], r[k]));
    }
}

/* The next block of Argon2i addresses: G(0, G(0, input)), the input's counter moved on first. */
static AVX2 void next_addresses(state *s) {
    s->input[6]++;
    compress(s, s->zero, s->input, s->address, 0);
    compress(s, s->zero, s->address, s->address, 0);
}

/* The index in the reference lane of the block that block `index` of this segment mixes in (RFC 9106 §3.4.1.2). */
static uint32_t reference_index(const state *s, uint32_t pass, uint32_t slice, uint32_t index, uint64_t j1,
                                int same_lane) {
    uint64_t area;
    if (pass == 0) {
        if (slice == 0) {
            area = index - 1;
        } else if (same_lane) {
            area = (uint64_t) slice * s->segment_length + index - 1;
        } else {
            area = (uint64_t) slice * s->segment_length - (index == 0 ? 1 : 0);
        }
    } else {
        area = same_lane ? (uint64_t) s->lane_length - s->segment_length + index - 1
                         : (uint64_t) s->lane_length - s->segment_length - (index == 0 ? 1 : 0);
    }
    uint64_t x = (j1 * j1) >> 32;
    uint64_t relative = area - 1 - ((area * x) >> 32);
    uint64_t start = pass == 0 || slice == SYNC_POINTS - 1 ? 0 : (uint64_t) (slice + 1) * s->segment_length;
    return (uint32_t) ((start + relative) % s->lane_length);
}

static AVX2 void fill_segment(state *s, uint32_t pass, uint32_t lane, uint32_t slice) {
    int independent = pass == 0 && slice < SYNC_POINTS / 2;
    if (independent) {
        memset(s->input, 0, sizeof s->input);
        s->input[0] = pass;
        s->input[1] = lane;
        s->input[2] = slice;
        s->input[3] = s->blocks;
        s->input[4] = s->iterations;
        s->input[5] = TYPE_ID;
    }
    uint32_t start = 0;
    if (pass == 0 && slice == 0) {
        start = 2; /* the first two blocks come from H0 */
        if (independent) {
            next_addresses(s);
        }
    }
    uint32_t current = lane * s->lane_length + slice * s->segment_length + start;
    uint32_t previous = current % s->lane_length == 0 ? current + s->lane_length - 1 : current - 1;
    for (uint32_t i = start; i < s->segment_length; i++, current++, previous++) {
        if (current % s->lane_length == 1) {
            previous = current - 1;
        }
        uint64_t pseudo_random;
        if (independent) {
            if (i % BLOCK_LONGS == 0) {
                next_addresses(s);
            }
            pseudo_random = s->address[i % BLOCK_LONGS];
        } else {
            pseudo_random = s->memory[(uint64_t) previous * BLOCK_LONGS];
        }
        uint32_t ref_lane = pass == 0 && slice == 0 ? lane : (uint32_t) ((pseudo_random >> 32) % s->lanes);
        uint32_t ref_index = reference_index(s, pass, slice, i, pseudo_random & 0xFFFFFFFFu, ref_lane == lane);
        compress(s, s->memory + (uint64_t) previous * BLOCK_LONGS,
                 s->memory + ((uint64_t) ref_lane * s->lane_length + ref_index) * BLOCK_LONGS,
                 s->memory + (uint64_t) current * BLOCK_LONGS, pass > 0);
    }
}

static void wipe(void *p, size_t n) {
    memset(p, 0, n);
    __asm__ __volatile__("" : : "r"(p) : "memory"); /* keeps the compiler from dropping the memset */
}

JNIEXPORT jboolean JNICALL Java_io_cinema_auth_account_service_Argon2idNative_supported(JNIEnv *env, jclass cls) {
    (void) env;
    (void) cls;
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx2") ? JNI_TRUE : JNI_FALSE;
}

/*
 * Fills `memory` (a direct buffer of at least blocks × 1 KiB) for `lanes` lanes and `iterations` passes, starting
 * from `first` (each lane's blocks 0 and 1, lane after lane), writes the XOR of every lane's last block to `last`
 * (1 KiB) and zeroes the memory and the scratch. Returns 0, or a negative number for arguments out of range (then
 * nothing was written).
 */
JNIEXPORT jint JNICALL Java_io_cinema_auth_account_service_Argon2idNative_fill0(JNIEnv *env, jclass cls,
        jobject memory, jint blocks, jint lanes, jint iterations, jbyteArray first, jbyteArray last) {
    (void) cls;
    if (lanes < 1 || iterations < 1 || blocks < 2 * SYNC_POINTS * lanes || blocks % (SYNC_POINTS * lanes) != 0) {
        return -1;
    }
    uint64_t *mem = (uint64_t *) (*env)->GetDirectBufferAddress(env, memory);
    jlong capacity = (*env)->GetDirectBufferCapacity(env, memory);
    if (mem == NULL || capacity < (jlong) blocks * BLOCK_BYTES) {
        return -2;
    }
    if ((*env)->GetArrayLength(env, first) != lanes * 2 * BLOCK_BYTES
            || (*env)->GetArrayLength(env, last) != BLOCK_BYTES) {
        return -3;
    }
    state s;
    memset(&s, 0, sizeof s);
    s.memory = mem;
    s.blocks = (uint32_t) blocks;
    s.lanes = (uint32_t) lanes;
    s.segment_length = (uint32_t) blocks / ((uint32_t) lanes * SYNC_POINTS);
    s.lane_length = s.segment_length * SYNC_POINTS;
    s.iterations = (uint32_t) iterations;
    for (uint32_t lane = 0; lane < s.lanes; lane++) {
        for (uint32_t i = 0; i < 2; i++) {
            (*env)->GetByteArrayRegion(env, first, (jsize) ((lane * 2 + i) * BLOCK_BYTES), BLOCK_BYTES,
                                       (jbyte *) (mem + ((uint64_t) lane * s.lane_length + i) * BLOCK_LONGS));
        }
    }
    for (uint32_t pass = 0; pass < s.iterations; pass++) {
        for (uint32_t slice = 0; slice < SYNC_POINTS; slice++) {
            for (uint32_t lane = 0; lane < s.lanes; lane++) {
                fill_segment(&s, pass, lane, slice);
            }
        }
    }
    uint64_t final_block[BLOCK_LONGS];
    memset(final_block, 0, sizeof final_block);
    for (uint32_t lane = 0; lane < s.lanes; lane++) {
        const uint64_t *b = mem + ((uint64_t) lane * s.lane_length + s.lane_length - 1) * BLOCK_LONGS;
        for (int k = 0; k < BLOCK_LONGS; k++) {
            final_block[k] ^= b[k];
        }
    }
    (*env)->SetByteArrayRegion(env, last, 0, BLOCK_BYTES, (const jbyte *) final_block);
    wipe(final_block, sizeof final_block);
    wipe(mem, (size_t) blocks * BLOCK_BYTES);
    wipe(&s, sizeof s);
    return 0;
}
