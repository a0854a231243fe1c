/*
 * library_check.c - sanity checks on a shared library before dlopen().
 *
 * The dynamic loader maps program segments straight from the file; when the
 * file is truncated, touching a segment past its end raises SIGBUS inside
 * dlopen() instead of returning an error. So for ELF files of the host's
 * class and byte order we check that the program and section header tables
 * and every segment's file contents lie within the file.
 */
#define _POSIX_C_SOURCE 200809L

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "runtime_internal.h"

#if defined(__linux__)
#include <elf.h>

#if UINTPTR_MAX > 0xffffffffu
typedef Elf64_Ehdr ehdr_t;
typedef Elf64_Phdr phdr_t;
#define HOST_CLASS ELFCLASS64
#else
typedef Elf32_Ehdr ehdr_t;
typedef Elf32_Phdr phdr_t;
#define HOST_CLASS ELFCLASS32
#endif

static int host_is_little_endian(void) {
  const uint16_t one = 1;
  return *(const uint8_t *)&one == 1;
}

/* True when [offset, offset + count * size) lies within file_size. */
static int within(uint64_t offset, uint64_t count, uint64_t size,
                  uint64_t file_size) {
  if (offset > file_size || (size && count > (file_size - offset) / size))
    return 0;
  return 1;
}

static aicc_status_t check_elf(FILE *f, const char *path, uint64_t file_size,
                               char *err, size_t err_size) {
  ehdr_t eh;
  if (fread(&eh, 1, sizeof eh, f) != sizeof eh ||
      memcmp(eh.e_ident, ELFMAG, SELFMAG) != 0)
    return AICC_OK; /* not ELF: dlopen gives the error */
  int host_data = host_is_little_endian() ? ELFDATA2LSB : ELFDATA2MSB;
  if (eh.e_ident[EI_CLASS] != HOST_CLASS || eh.e_ident[EI_DATA] != host_data)
    return AICC_OK; /* foreign ELF: dlopen rejects it from the header */
  if (eh.e_phentsize != sizeof(phdr_t) ||
      !within(eh.e_phoff, eh.e_phnum, eh.e_phentsize, file_size) ||
      (eh.e_shoff &&
       !within(eh.e_shoff, eh.e_shnum, eh.e_shentsize, file_size))) {
    aicc_format_message(err, err_size,
                        "'%s' is truncated or corrupt (ELF header tables "
                        "beyond end of file)",
                        path);
    return AICC_ERR_LOAD;
  }
  for (unsigned i = 0; i < eh.e_phnum; ++i) {
    phdr_t ph;
    if (fseek(f, (long)(eh.e_phoff + (uint64_t)i * sizeof ph), SEEK_SET) != 0 ||
        fread(&ph, 1, sizeof ph, f) != sizeof ph) {
      aicc_format_message(err, err_size, "cannot read '%s'", path);
      return AICC_ERR_LOAD;
    }
    if (ph.p_filesz && !within(ph.p_offset, 1, ph.p_filesz, file_size)) {
      aicc_format_message(err, err_size,
                          "'%s' is truncated: segment %u ends at byte %llu, "
                          "file has %llu",
                          path, i,
                          (unsigned long long)ph.p_offset +
                              (unsigned long long)ph.p_filesz,
                          (unsigned long long)file_size);
      return AICC_ERR_LOAD;
    }
  }
  return AICC_OK;
}
#endif /* __linux__ */

aicc_status_t aicc_check_library_file(const char *path, char *err,
                                      size_t err_size) {
  struct stat st;
  if (stat(path, &st) != 0) {
    aicc_format_message(err, err_size, "cannot load '%s': %s", path,
                        strerror(errno));
    return AICC_ERR_LOAD;
  }
  if (!S_ISREG(st.st_mode)) {
    aicc_format_message(err, err_size, "cannot load '%s': not a regular file",
                        path);
    return AICC_ERR_LOAD;
  }
#if defined(__linux__)
  FILE *f = fopen(path, "rb");
  if (!f) {
    aicc_format_message(err, err_size, "cannot open '%s': %s", path,
                        strerror(errno));
    return AICC_ERR_LOAD;
  }
  aicc_status_t status =
      check_elf(f, path, (uint64_t)st.st_size, err, err_size);
  fclose(f);
  return status;
#else
  (void)err_size;
  return AICC_OK;
#endif
}
