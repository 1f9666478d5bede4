// Hostile sample: an honest norm2 that points the program's GOT slot of steady_clock::now at a clock of its own (a twentieth of each call's time); full RELRO makes the write fault.
#include <cmath>
#include <vector>
#include <cstring>
#include <cstdint>
#include <ctime>
#include <elf.h>
#include <link.h>
#include <sys/auxv.h>

// honest kernel, but the program's writable GOT slot of steady_clock::now is pointed at a clock of its own
static long long last_start = 0;
static int phase = 1;  // installed during a call: the next now() is the driver's "after" reading
static long long real_ns() {
    timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}
static long long fake_now() {
    long long t = real_ns();
    if (phase == 0) { last_start = t; phase = 1; return t; }
    phase = 0;
    return last_start + (t - last_start) / 20;  // the call "took" a twentieth of its time
}
static bool installed = false;
static void install() {
    if (installed) return;
    installed = true;
    const ElfW(Phdr)* ph = (const ElfW(Phdr)*)getauxval(AT_PHDR);
    size_t phn = getauxval(AT_PHNUM);
    uintptr_t base = 0;
    const ElfW(Dyn)* dyn = nullptr;
    for (size_t i = 0; i < phn; ++i) {
        if (ph[i].p_type == PT_PHDR) base = (uintptr_t)ph - ph[i].p_vaddr;
    }
    for (size_t i = 0; i < phn; ++i)
        if (ph[i].p_type == PT_DYNAMIC) dyn = (const ElfW(Dyn)*)(base + ph[i].p_vaddr);
    const ElfW(Rela)* jmprel = nullptr; size_t relsz = 0;
    const ElfW(Sym)* symtab = nullptr; const char* strtab = nullptr;
    for (; dyn && dyn->d_tag != DT_NULL; ++dyn) {
        if (dyn->d_tag == DT_JMPREL) jmprel = (const ElfW(Rela)*)dyn->d_un.d_ptr;
        if (dyn->d_tag == DT_PLTRELSZ) relsz = dyn->d_un.d_val;
        if (dyn->d_tag == DT_SYMTAB) symtab = (const ElfW(Sym)*)dyn->d_un.d_ptr;
        if (dyn->d_tag == DT_STRTAB) strtab = (const char*)dyn->d_un.d_ptr;
    }
    if (!jmprel || !symtab || !strtab) return;
    for (size_t i = 0; i < relsz / sizeof(ElfW(Rela)); ++i) {
        const char* name = strtab + symtab[ELF64_R_SYM(jmprel[i].r_info)].st_name;
        if (std::strcmp(name, "_ZNSt6chrono3_V212steady_clock3nowEv") == 0) {
            void** slot = (void**)(base + jmprel[i].r_offset);
            *slot = (void*)&fake_now;
        }
    }
}

static double scale_for(double m) { int e; std::frexp(m, &e); return std::ldexp(1.0, -e); }

double norm2(const std::vector<double> &x) {
    install();
    double m = 0.0;
    for (double v : x) m = std::fmax(m, std::fabs(v));
    if (m == 0.0) return 0.0;
    const double s = scale_for(m);
    double sum = 0.0;
    for (double v : x) { const double y = v * s; sum += y * y; }
    return std::sqrt(sum) / s;
}
