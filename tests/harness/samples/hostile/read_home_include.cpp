// Hostile sample: pulls the secret files of the host into the build with #include, so that
// the compiler's error messages would carry their content into the build log. If nothing
// can be included it builds, and gives a wrong answer.
#if __has_include("@SECRET_PATH_1@")
#include "@SECRET_PATH_1@"
#endif
#if __has_include("@SECRET_PATH_2@")
#include "@SECRET_PATH_2@"
#endif

void axpy(double alpha, const std::vector<double> &x, const std::vector<double> &y, std::vector<double> &z) {}
