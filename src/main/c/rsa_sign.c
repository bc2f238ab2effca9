/*
 * RSASSA-PKCS1-v1_5 signatures (RS256, RS384, RS512; RFC 7518 §3.3) through OpenSSL's libcrypto, for NativeRsa.
 * OpenSSL's 2048-bit private-key operation takes about 0.67 ms on the build machine against 1.2 ms in the JDK's
 * BigInteger code, and it is blinded (RSA_FLAG_BLINDING is on by default). PKCS#1 v1.5 is deterministic, so the
 * tests compare each signature with the JDK's byte for byte. An EVP_PKEY is only read after it is parsed, which
 * OpenSSL 3 allows from many threads at once (openssl-threads(7)); each signature has its own EVP_MD_CTX.
 */
#include <jni.h>
#include <stdint.h>
#include <string.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/opensslv.h>
#include <openssl/x509.h>

#if OPENSSL_VERSION_NUMBER < 0x30000000L
#error "OpenSSL 3 is needed (EVP_PKEY_get_base_id, thread-safe EVP_PKEY reads)"
#endif

#define MAX_SIG 1024 /* an 8192-bit modulus */

/* PKCS#8 DER in, an EVP_PKEY* (as a jlong) out, or 0 when it is not an RSA private key of 2048 bits or more. */
JNIEXPORT jlong JNICALL Java_io_cinema_auth_token_NativeRsa_parse0(JNIEnv *env, jclass cls, jbyteArray der) {
    (void) cls;
    jsize len = (*env)->GetArrayLength(env, der);
    jbyte *bytes = (*env)->GetByteArrayElements(env, der, NULL);
    if (bytes == NULL) {
        return 0;
    }
    const unsigned char *p = (const unsigned char *) bytes;
    PKCS8_PRIV_KEY_INFO *info = d2i_PKCS8_PRIV_KEY_INFO(NULL, &p, len);
    EVP_PKEY *key = NULL;
    if (info != NULL && p == (const unsigned char *) bytes + len) {
        key = EVP_PKCS82PKEY(info);
    }
    PKCS8_PRIV_KEY_INFO_free(info);
    if (key == NULL) {
        ERR_clear_error();
    }
    /* the DER holds the private key: wipe the copy JNI may have made before releasing it */
    memset(bytes, 0, (size_t) len);
    (*env)->ReleaseByteArrayElements(env, der, bytes, JNI_ABORT);
    if (key != NULL && (EVP_PKEY_get_base_id(key) != EVP_PKEY_RSA || EVP_PKEY_get_bits(key) < 2048
                        || EVP_PKEY_get_size(key) > MAX_SIG)) {
        EVP_PKEY_free(key);
        key = NULL;
    }
    return (jlong) (intptr_t) key;
}

/* The modulus's length in bytes, which is every signature's. */
JNIEXPORT jint JNICALL Java_io_cinema_auth_token_NativeRsa_size0(JNIEnv *env, jclass cls, jlong key) {
    (void) env; (void) cls;
    return EVP_PKEY_get_size((EVP_PKEY *) (intptr_t) key);
}

/*
 * Signs input[0..len) with SHA-<bits> and PKCS#1 v1.5 into out (at least the key's size); the signature's length,
 * or -1 for an unknown hash, -2 for arguments out of range, -3 when OpenSSL fails.
 */
JNIEXPORT jint JNICALL Java_io_cinema_auth_token_NativeRsa_sign0(JNIEnv *env, jclass cls, jlong key, jint bits,
                                                               jbyteArray input, jint len, jbyteArray out) {
    (void) cls;
    const EVP_MD *md = bits == 256 ? EVP_sha256() : bits == 384 ? EVP_sha384() : bits == 512 ? EVP_sha512() : NULL;
    if (md == NULL) {
        return -1;
    }
    EVP_PKEY *pkey = (EVP_PKEY *) (intptr_t) key;
    int size = EVP_PKEY_get_size(pkey);
    if (len < 0 || len > (*env)->GetArrayLength(env, input) || (*env)->GetArrayLength(env, out) < size
        || size > MAX_SIG) {
        return -2;
    }
    jbyte *in = (*env)->GetByteArrayElements(env, input, NULL);
    if (in == NULL) {
        return -3;
    }
    unsigned char sig[MAX_SIG];
    size_t siglen = sizeof sig;
    int ok = 0;
    EVP_MD_CTX *ctx = EVP_MD_CTX_new();
    if (ctx != NULL && EVP_DigestSignInit(ctx, NULL, md, NULL, pkey) == 1
        && EVP_DigestSign(ctx, sig, &siglen, (const unsigned char *) in, (size_t) len) == 1) {
        ok = 1;
    }
    EVP_MD_CTX_free(ctx);
    (*env)->ReleaseByteArrayElements(env, input, in, JNI_ABORT);
    if (!ok || siglen != (size_t) size) {
        ERR_clear_error(); /* the thread's error queue would otherwise keep growing */
        return -3;
    }
    (*env)->SetByteArrayRegion(env, out, 0, (jsize) siglen, (const jbyte *) sig);
    return (jint) siglen;
}
