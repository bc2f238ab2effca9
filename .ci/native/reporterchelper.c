/*
 * libreporterchelper.so: the JNI helper native-image's builder loads from <java.home>/lib/svm/builder/lib for its
 * progress report (com.oracle.svm.hosted.ProgressReporterCHelper). GraalVM ships it as a C part of the
 * distribution, which no registry serves, so .ci/native-compile.sh compiles this file with gcc into its JDK copy.
 * The builder only reads these two numbers for its report; nothing of them reaches the image.
 */
#include <jni.h>
#include <sys/ioctl.h>
#include <sys/resource.h>
#include <unistd.h>

/* Peak resident set size of the builder in bytes (Linux reports ru_maxrss in KiB), or -1 when unknown. */
JNIEXPORT jlong JNICALL Java_com_oracle_svm_hosted_ProgressReporterCHelper_getPeakRSS0(JNIEnv *env, jclass cls) {
    struct rusage usage;
    if (getrusage(RUSAGE_SELF, &usage) != 0) {
        return -1;
    }
    return (jlong) usage.ru_maxrss * 1024;
}

/* Columns of the terminal on stdout; 0 when stdout is not a terminal (the builder then uses its default width). */
JNIEXPORT jint JNICALL Java_com_oracle_svm_hosted_ProgressReporterCHelper_getTerminalWindowColumns0(JNIEnv *env,
                                                                                                 jclass cls) {
    struct winsize size;
    if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &size) != 0) {
        return 0;
    }
    return size.ws_col;
}
