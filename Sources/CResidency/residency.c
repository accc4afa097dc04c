#define _GNU_SOURCE
#include "ncod_residency.h"

#include <fcntl.h>
#include <link.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/mman.h>
#include <unistd.h>

#ifndef MADV_PAGEOUT
#define MADV_PAGEOUT 21
#endif

/// dl_iterate_phdr hands the program first, then the libraries it loaded (in a static build: the C library's few). The segments
/// of each are advised: a clean page of a file is dropped and read again when next used; a page the program changed (its data,
/// relocated tables) is never dropped (without swap it stays, with swap it is written out and read back), so nothing is lost. A
/// page another process maps too (the C library's, say) is left where it is by the kernel.
static int advise_object(struct dl_phdr_info *info, size_t size, void *data) {
    (void)size;
    size_t *bytes = data;
    uintptr_t page = (uintptr_t)sysconf(_SC_PAGESIZE);
    for (int i = 0; i < info->dlpi_phnum; i++) {
        const ElfW(Phdr) *header = &info->dlpi_phdr[i];
        if (header->p_type != PT_LOAD) continue;
        uintptr_t start = (info->dlpi_addr + header->p_vaddr) & ~(page - 1);
        uintptr_t end = (info->dlpi_addr + header->p_vaddr + header->p_memsz + page - 1) & ~(page - 1);
        // Random access first: a page faulted back in is read alone, not with the megabytes around it.
        if (madvise((void *)start, end - start, MADV_RANDOM) != 0) continue;
        if (madvise((void *)start, end - start, MADV_PAGEOUT) == 0) *bytes += end - start;
    }
    return 0;
}

size_t ncod_release_program_pages(void) {
    size_t bytes = 0;
    dl_iterate_phdr(advise_object, &bytes);
    // What read-ahead brought in but the program never mapped would be mapped again around the next page it reads.
    int file = open("/proc/self/exe", O_RDONLY | O_CLOEXEC);
    if (file >= 0) {
        posix_fadvise(file, 0, 0, POSIX_FADV_DONTNEED);
        close(file);
    }
    return bytes;
}

size_t ncod_resident_bytes(void) {
    FILE *statm = fopen("/proc/self/statm", "r");
    if (!statm) return 0;
    unsigned long size = 0, resident = 0;
    int read = fscanf(statm, "%lu %lu", &size, &resident);
    fclose(statm);
    return read == 2 ? (size_t)resident * (size_t)sysconf(_SC_PAGESIZE) : 0;
}
