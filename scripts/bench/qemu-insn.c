/* A qemu-user TCG plugin for scripts/bench/instructions: counts the guest instructions executed (all threads) and writes the
 * running total to a file (out=PATH, default /tmp/insn.count) every 100 ms and at exit, so a load harness can read it at both
 * ends of its window. Written against the plugin API of QEMU 7.2 (Debian 12's qemu-user; API version 1), declared here because
 * Debian ships no qemu-plugin.h. */
#include <inttypes.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

typedef uint64_t qemu_plugin_id_t;
typedef struct qemu_info_t qemu_info_t;
struct qemu_plugin_tb;
enum qemu_plugin_cb_flags { QEMU_PLUGIN_CB_NO_REGS, QEMU_PLUGIN_CB_R_REGS, QEMU_PLUGIN_CB_RW_REGS };
typedef void (*qemu_plugin_vcpu_tb_trans_cb_t)(qemu_plugin_id_t id, struct qemu_plugin_tb *tb);
typedef void (*qemu_plugin_vcpu_udata_cb_t)(unsigned int vcpu_index, void *userdata);
typedef void (*qemu_plugin_udata_cb_t)(qemu_plugin_id_t id, void *userdata);
void qemu_plugin_register_vcpu_tb_trans_cb(qemu_plugin_id_t id, qemu_plugin_vcpu_tb_trans_cb_t cb);
size_t qemu_plugin_tb_n_insns(const struct qemu_plugin_tb *tb);
void qemu_plugin_register_vcpu_tb_exec_cb(struct qemu_plugin_tb *tb, qemu_plugin_vcpu_udata_cb_t cb, enum qemu_plugin_cb_flags flags,
                                          void *userdata);
void qemu_plugin_register_atexit_cb(qemu_plugin_id_t id, qemu_plugin_udata_cb_t cb, void *userdata);

__attribute__((visibility("default"))) int qemu_plugin_version = 1;

static uint64_t count;
static char path[4096];

/* Each translated block adds its instruction count when it runs; an atomic add, since the guest's threads run at once. */
static void executed(unsigned int vcpu, void *insns) { __atomic_fetch_add(&count, (uint64_t)(uintptr_t)insns, __ATOMIC_RELAXED); }

static void translated(qemu_plugin_id_t id, struct qemu_plugin_tb *tb) {
    qemu_plugin_register_vcpu_tb_exec_cb(tb, executed, QEMU_PLUGIN_CB_NO_REGS, (void *)(uintptr_t)qemu_plugin_tb_n_insns(tb));
}

static void save(void) {
    char tmp[4200];
    snprintf(tmp, sizeof tmp, "%s.tmp", path);
    FILE *f = fopen(tmp, "w");
    if (!f) return;
    fprintf(f, "%" PRIu64 "\n", __atomic_load_n(&count, __ATOMIC_RELAXED));
    fclose(f);
    rename(tmp, path);
}

static void *saver(void *unused) {
    for (;;) {
        save();
        usleep(100000);
    }
    return NULL;
}

static void ended(qemu_plugin_id_t id, void *unused) { save(); }

__attribute__((visibility("default"))) int qemu_plugin_install(qemu_plugin_id_t id, const qemu_info_t *info, int argc, char **argv) {
    const char *out = "/tmp/insn.count";
    for (int i = 0; i < argc; i++)
        if (strncmp(argv[i], "out=", 4) == 0) out = argv[i] + 4;
    snprintf(path, sizeof path, "%s", out);
    qemu_plugin_register_vcpu_tb_trans_cb(id, translated);
    qemu_plugin_register_atexit_cb(id, ended, NULL);
    pthread_t thread;
    pthread_create(&thread, NULL, saver, NULL);
    pthread_detach(thread);
    return 0;
}
