/*
 * Stand-in for libchelper's include/svm_locale.h, which GraalVM ships as a C part of its distribution. The builder
 * reads it at build time only to learn the layout of the C types that com.oracle.svm.core.c.locale.LocaleCHelper
 * declares (its @CConstant, @CStruct and @CFunction names, taken from the svm 25.0.4 jar with javap). The object
 * file compiled against it must never be linked: the real header and library may differ in values and layout.
 */
#ifndef SVM_LOCALE_H
#define SVM_LOCALE_H

#define SVM_LOCALE_INITIALIZATION_SUCCEEDED 0
#define SVM_LOCALE_INITIALIZATION_OUT_OF_MEMORY 1

typedef struct {
    char *display_language;
    char *display_script;
    char *display_country;
    char *display_variant;
    char *format_language;
    char *format_script;
    char *format_country;
    char *format_variant;
} svm_locale_props_t;

int svm_initialize_locale(void);
svm_locale_props_t *svm_get_locale(void);

#endif
