# spmsim: plain GNU Make.
#
#   make              build everything
#   make run          the main job (installs missing Debian packages first)
#   make test         every test (installs missing Debian packages first)
#
# Build switches mirror TF-M's CMake options:
#   CONFIG_TFM_SPM_BACKEND=IPC|SFN     SPM backend (IPC when unset)
#   TFM_ISOLATION_LEVEL=1|2|3          isolation level
#   EXTRA_MANIFEST_LIST_FILES=...      manifest lists of partitions outside the tree
#   EXTRA_PARTITION_PATHS=...          those partitions' folders (their test/ programs)
#   SPMSIM_SAMPLES=yes|no              spmsim's sample and scenario partitions
#                                      in the build's system and spmsim (yes,
#                                      no when there are extra lists)
#   HOST_BITS=64|32                    pointer width of the simulated system
#   SANITIZE=address,undefined        an instrumented build, under build/san-*
#   PROJECT=FILE                       a user's project file, remembered in
#                                      build/project (PROJECT= forgets it)
#   DEBUG=1                            -O0 -g3, under build/debug
#   OPT=...                            optimisation and debug flags (-O2 -g)
#   V=1                                every command in full
#
# Generated files live under build/, never in the source tree.

.DEFAULT_GOAL := all
comma := ,
SHELL := /bin/bash
.DELETE_ON_ERROR:
.SUFFIXES:

# Goals that build nothing from the manifest lists (or only run make again)
# do not read them, so `make clean` works whatever the lists hold.
GOALS := $(or $(MAKECMDGOALS),all)
NO_SYSTEM_GOALS := clean deps test test-now fuzz fuzz-now format check-format \
	target run-target target-images bench-target
READ_SYSTEMS := $(filter-out $(NO_SYSTEM_GOALS),$(GOALS))

# The Debian packages the goals need are checked while make reads this file,
# before anything compiles, and the missing ones installed
# (scripts/setup-deps.sh): `make run` and `make bench` need the compiler
# and libyaml; a plain `make` CMocka too (it builds the tests); `make test`
# everything its checks use, the 32-bit libraries and the target build's
# cross compiler and QEMU included; the target goals those two. Once per
# top-level make: the makes it starts inherit the answer.
RUN_GOALS := run run-now bench bench-now manifests %/spmsim
TARGET_DEPS_GOALS := target target-now run-target run-target-now \
	target-images target-images-now bench-target
DEPS_LEVEL := $(if $(filter test test-now deps,$(GOALS)),test,$(if \
	$(filter fuzz fuzz-now,$(GOALS)),fuzz,$(if \
	$(filter $(TARGET_DEPS_GOALS),$(GOALS)),target,$(if \
	$(filter-out clean format check-format lint,$(GOALS)),$(if \
	$(filter-out $(RUN_GOALS),$(GOALS)),build,run)))))
ifeq ($(SPMSIM_DEPS_CHECKED)$(MAKE_RESTARTS),)
ifneq ($(DEPS_LEVEL),)
$(shell sh scripts/setup-deps.sh --quiet $(if $(filter 32,$(HOST_BITS)),--m32) $(DEPS_LEVEL) >&2)
ifneq ($(.SHELLSTATUS),0)
$(error missing Debian packages: see scripts/setup-deps.sh $(DEPS_LEVEL))
endif
endif
endif
export SPMSIM_DEPS_CHECKED := $(or $(SPMSIM_DEPS_CHECKED),$(DEPS_LEVEL))

# V=1 prints every command in full; otherwise each step prints one short
# line, `  CC      FILE`, and errors speak for themselves. $(call say,TAG,
# WHAT) starts a recipe line.
V ?= 0
ifeq ($(V),1)
say :=
Q :=
else
say = @printf '  %-7s %s\n' '$(1)' '$(2)';
Q := @
endif

# PROJECT=FILE: a makefile fragment in the user's tree naming their manifest
# lists, partition folders and `make run` scenario (PROJECT_MANIFEST_LISTS,
# PROJECT_PARTITION_PATHS, PROJECT_RUN_SCENARIO, relative to it), possibly
# build switches and per-partition settings. Given once, it is remembered,
# so a later plain `make` or `make run` builds the same partitions.
PROJECT_MEMO := build/project
ifeq ($(origin PROJECT),command line)
ifneq ($(strip $(PROJECT)),)
ifeq ($(wildcard $(PROJECT)),)
$(error PROJECT: no file '$(PROJECT)')
endif
$(shell mkdir -p $(dir $(PROJECT_MEMO)))
$(file >$(PROJECT_MEMO),$(abspath $(PROJECT)))
else
$(shell rm -f $(PROJECT_MEMO))
endif
else
PROJECT := $(if $(wildcard $(PROJECT_MEMO)),$(file <$(PROJECT_MEMO)))
endif
override PROJECT := $(strip $(PROJECT))
ifneq ($(PROJECT),)
ifneq ($(wildcard $(PROJECT)),)
PROJECT_DIR := $(patsubst %/,%,$(dir $(abspath $(PROJECT))))
include $(PROJECT)
project_paths = $(abspath $(foreach f,$(1),$(if $(filter /%,$(f)),$(f),$(PROJECT_DIR)/$(f))))
override EXTRA_MANIFEST_LIST_FILES += $(call project_paths,$(PROJECT_MANIFEST_LISTS))
override EXTRA_PARTITION_PATHS += $(call project_paths,$(PROJECT_PARTITION_PATHS))
ifneq ($(PROJECT_RUN_SCENARIO),)
RUN_SCENARIO ?= $(call project_paths,$(PROJECT_RUN_SCENARIO))
endif
else ifneq ($(READ_SYSTEMS),)
$(error PROJECT: no file '$(PROJECT)' (remembered in $(PROJECT_MEMO); PROJECT= forgets it))
endif
endif

CONFIG_TFM_SPM_BACKEND ?= IPC
TFM_ISOLATION_LEVEL ?= 1
HOST_BITS ?= 64
EXTRA_MANIFEST_LIST_FILES ?=
EXTRA_PARTITION_PATHS ?=
# A build of a user's partitions (extra manifest lists, from the command
# line or a PROJECT file) leaves spmsim's own out unless asked, so theirs
# never clash with them: any SID, any partition id.
SPMSIM_SAMPLES ?= $(if $(strip $(EXTRA_MANIFEST_LIST_FILES)),no,yes)
# Extra -D NAME[=VALUE] conditions for manifest-list `conditional` entries.
MANIFEST_DEFINES ?=

override CONFIG_TFM_SPM_BACKEND := $(strip $(CONFIG_TFM_SPM_BACKEND))
ifeq ($(filter $(CONFIG_TFM_SPM_BACKEND),IPC SFN),)
$(error CONFIG_TFM_SPM_BACKEND must be IPC or SFN, not '$(CONFIG_TFM_SPM_BACKEND)')
endif
ifeq ($(filter $(TFM_ISOLATION_LEVEL),1 2 3),)
$(error TFM_ISOLATION_LEVEL must be 1, 2 or 3, not '$(TFM_ISOLATION_LEVEL)')
endif
override SPMSIM_SAMPLES := $(strip $(SPMSIM_SAMPLES))
ifeq ($(filter $(SPMSIM_SAMPLES),yes no),)
$(error SPMSIM_SAMPLES must be yes or no, not '$(SPMSIM_SAMPLES)')
endif

# A wrong path is named here, not found later as a missing symbol.
ifneq ($(READ_SYSTEMS),)
ifeq ($(SPMSIM_SAMPLES)$(strip $(EXTRA_MANIFEST_LIST_FILES)),no)
$(error SPMSIM_SAMPLES=no leaves no partitions: name your manifest lists in EXTRA_MANIFEST_LIST_FILES)
endif
$(foreach l,$(EXTRA_MANIFEST_LIST_FILES),$(if $(wildcard $(l)),,\
	$(error EXTRA_MANIFEST_LIST_FILES: no manifest list '$(l)')))
$(foreach p,$(EXTRA_PARTITION_PATHS),$(if $(wildcard $(p)/.),,\
	$(error EXTRA_PARTITION_PATHS: no folder '$(p)')))
endif

# DEBUG=1: everything built with -O0 -g3 (OPT), under build/debug/, beside
# the optimised build; HOST_BITS and SANITIZE nest under it as below.
B := build
DEBUG ?=
override DEBUG := $(strip $(DEBUG))
ifeq ($(filter $(DEBUG),0 1),)
ifneq ($(DEBUG),)
$(error DEBUG must be 1 or 0, not '$(DEBUG)')
endif
endif
VARIANT := $(B)$(if $(filter 1,$(DEBUG)),/debug)
ifeq ($(HOST_BITS),64)
O := $(VARIANT)
ARCH_FLAGS :=
else ifeq ($(HOST_BITS),32)
O := $(VARIANT)/m32
ARCH_FLAGS := -m32
else
$(error HOST_BITS must be 64 or 32, not '$(HOST_BITS)')
endif

# Armv8-M faults when the stack pointer passes PSPLIM; the host faults only
# on an access. Every frame or alloca() larger than a page touches each page
# on the way down, so one that would jump the guard gap below its stack
# (ARCH_STACK_GAP) faults in it: a stack overflow of its owner.
ARCH_FLAGS += -fstack-clash-protection

# SANITIZE=address,undefined (any -fsanitize= list) builds the simulated
# system, the host tools (the manifest compiler) and all their tests
# instrumented, under build/san-<list>/. The tools stay native
# (HOST_O: no m32 in the path) whatever HOST_BITS says.
SANITIZE ?=
HOST_O := $(VARIANT)
HOST_SAN :=
ifneq ($(strip $(SANITIZE)),)
O := $(O)/san-$(subst $(comma),-,$(strip $(SANITIZE)))
HOST_O := $(VARIANT)/san-$(subst $(comma),-,$(strip $(SANITIZE)))
HOST_SAN := -fsanitize=$(strip $(SANITIZE)) -fno-omit-frame-pointer \
	-fno-sanitize-recover=all
ARCH_FLAGS += $(HOST_SAN)
endif

CC ?= gcc
ifeq ($(origin CC),default)
CC := gcc
endif
OPT ?= $(if $(filter 1,$(DEBUG)),-O0 -g3,-O2 -g)
WARN := -Wall -Wextra -Werror
DEPFLAGS = -MMD -MP
# Host tools (the manifest compiler) stay native whatever HOST_BITS says.
HOST_CFLAGS := -std=gnu11 $(WARN) $(OPT) $(HOST_SAN) -Iinclude -Ispm_core -Itools/yaml
# The simulated system: core, backends, sim, partitions, tests.
SIM_CFLAGS := -std=gnu11 $(WARN) $(OPT) $(ARCH_FLAGS) -Iinclude -Ispm_core
SIM_LDFLAGS = $(ARCH_FLAGS) -pthread

# The objects of a list of .c and .S sources.
objs = $(patsubst %,$(O)/obj/%.o,$(basename $(1)))

# ---------------------------------------------------------------- dependencies

.PHONY: deps
deps:
	@sh scripts/setup-deps.sh test

# ------------------------------------------------------- the manifest compiler

# The YAML loader both the manifest compiler and the spmsim command use.
YAML_SRCS := tools/yaml/ytree.c
# The board's platform names, which the compiler checks manifests against.
MANIFEST_SRCS := $(sort $(wildcard tools/manifest/*.c)) $(YAML_SRCS) \
	sim/platform_names.c
MANIFEST_LIB_SRCS := $(filter-out tools/manifest/main.c,$(MANIFEST_SRCS))
MANIFEST_TOOL := $(HOST_O)/spm-manifest

$(HOST_O)/host/%.o: %.c $(HOST_O)/host/flags
	@mkdir -p $(@D)
	$(call say,CC,$<)$(CC) $(HOST_CFLAGS) $(DEPFLAGS) -c $< -o $@

$(MANIFEST_TOOL): $(MANIFEST_SRCS:%.c=$(HOST_O)/host/%.o)
	$(call say,LD,$@)$(CC) $(HOST_SAN) -o $@ $^ -lyaml

# ---------------------------------------------------------- simulated systems
#
# A system is what a set of manifest lists describes: spm-manifest generates
# its headers and load table under a folder of build/, each partition's
# sources (the .c files beside its manifest, and those its spmsim.mk names)
# are compiled against them with the partition's own flags and merged into
# one object (the partition's image: only the functions the load table
# names stay global) whose data and bss sections are renamed to
# spmsim_data_<NAME> and spmsim_bss_<NAME> (so a reset can restore them),
# and the non-secure
# code beside the manifests (ns/*.c: client libraries) is compiled for the
# programs that use the system.

OBJCOPY ?= objcopy
.PHONY: FORCE
FORCE:

# Sections of a partition object that hold its writable data.
part_sections = --rename-section .data=spmsim_data_$(1) \
	--rename-section .data.rel=spmsim_data_$(1) \
	--rename-section .data.rel.local=spmsim_data_$(1) \
	--rename-section .bss=spmsim_bss_$(1) \
	$(PART_HEAP_SYMS)
# A partition's malloc family is its own heap's (sim/heap.c).
PART_HEAP_SYMS := $(foreach f,malloc free calloc realloc,--redefine-sym $(f)=sim_heap_$(f))

# Each partition, and a program's non-secure side, is an image of its own,
# as on a board: its objects merged by `ld -r` (-d gives -fcommon globals
# their space, so they are local too), then objcopy keeps global only what
# others call in it, $(call image_syms,NAMES), and makes every other symbol
# it defines local. References out of it (the PSA API, the C library, the
# harness) stay undefined, so the veneers' --wrap and the heap's renaming
# still apply to them; local symbols keep their names for gdb. A name
# defined nowhere stands first, so that an empty list hides everything.
# The i386 PC thunks stay global: each object holds them in a COMDAT group
# the final link keeps only once, and a local reference to a dropped copy
# would not link.
IMAGE_LINK = $(CC) $(ARCH_FLAGS) -r -nostdlib -Wl,-d
image_syms = --wildcard --keep-global-symbol=__spmsim_no_export \
	--keep-global-symbol='__x86.get_pc_thunk.*' \
	$(addprefix --keep-global-symbol=,$(1))

# $(call config_file,FILE,TEXT): FILE holds TEXT (expanded once all of
# this file is read) and is rewritten only when TEXT changes, so what
# depends on FILE rebuilds exactly then. The files are written while make
# reads this file (write_configs, at its end), which costs no process: an
# unchanged tree rebuilds in a fraction of a second.
CONFIG_FILES :=
define config_file
CONFIG_FILES += $(1)
cfg.$(1) = $(2)
endef
# (Make 4.3's $(file <FILE) sometimes keeps the file's last newline: the
# comparison leaves newlines out.)
define write_config
config_was := $$(subst $$(nl),,$$(file <$(1)))
config_now := $$(cfg.$(1))
ifneq ($$(config_was)|$(if $(wildcard $(1)),y),$$(subst $$(nl),,$$(config_now))|y)
$$(shell mkdir -p $(dir $(1)))
$$(file >$(1),$$(config_now))
endif
endef
write_configs = $(foreach f,$(CONFIG_FILES),$(eval $(call write_config,$(f))))
define nl


endef
hash := \#

OWN_LISTS := partitions/manifest_list.yaml scenarios/partitions/manifest_list.yaml
own_and_user = $(and $(filter $(OWN_LISTS),$(1)),$(filter-out $(OWN_LISTS),$(1)))
CLASH_RE := duplicate .* at \(scenarios/\)\?partitions/
CLASH_HINT := spmsim: that clash is with spmsim'"'"'s own sample partitions; SPMSIM_SAMPLES=no leaves them out

# $(call gen_rules,GEN_DIR,ARGS,LISTS): run spm-manifest when an input, the
# tool or the arguments change. Its depfile names every manifest it read.
# When the lists mix spmsim's own with a user's, a clash with spmsim's own
# partitions gets a hint.
define gen_rules
$(call config_file,$(1)/config,$(2) $(3))
$(1)/.stamp: $(MANIFEST_TOOL) $(1)/config $(3)
	@$(if $(filter 1,$(V)),echo '$(MANIFEST_TOOL) --depfile $(1)/manifest.d $(2) -o $(1) $(3)',printf '  %-7s %s\n' GEN $(1))
	@$(MANIFEST_TOOL) --depfile $(1)/manifest.d $(2) -o $(1) $(3) 2>$(1)/errors; \
		s=$$$$?; cat $(1)/errors >&2; \
		$(if $(call own_and_user,$(3)),[ $$$$s = 0 ] || ! grep -q '$(CLASH_RE)' $(1)/errors || echo '$(CLASH_HINT)' >&2;) \
		exit $$$$s
	@touch $$@
$(1)/partitions.mk $(1)/load_table.c $(1)/sim_memory_table.c: $(1)/.stamp
	@touch $$@
-include $(1)/manifest.d
endef

# A partition's folder may hold spmsim.mk, a makefile fragment setting these
# (paths relative to the folder, globs allowed):
#   PARTITION_SRCS      more sources (.c, .S), anywhere
#   PARTITION_INCLUDES  include folders
#   PARTITION_DEFINES   NAME or NAME=VALUE
#   PARTITION_CFLAGS    its compiler flags, in place of the default warnings
# They apply to all of the partition's code: its sources, ns/ and test/.
# A PROJECT file may set the same per partition, PARTITION_SRCS.<NAME> and
# so on (paths relative to it): they add to spmsim.mk's, its flags win.
# spmsim's own partitions build with $(WARN); every other partition, unless
# it says otherwise, with warnings that do not stop the build.
USER_WARN := -Wall -Wextra
# Flags every partition gets first: the PSA API (include/) and the
# generated headers come before the partition's own include folders.
PART_BASE_CFLAGS = -std=gnu11 $(OPT) $(ARCH_FLAGS) -Iinclude -I$(O)/config
own_partition = $(filter partitions/% scenarios/partitions/%,$(1))
# A path as objects are named by: relative inside this tree, else absolute.
part_norm = $(patsubst $(CURDIR)/%,%,$(abspath $(1)))
# $(call part_paths,DIR,PATHS,WHERE): PATHS relative to DIR (absolute ones
# kept), globs expanded; one that names nothing stops make, naming it.
part_path = $(if $(filter /%,$(2)),$(2),$(1)/$(2))
part_paths = $(call part_norm,$(foreach f,$(2),$(or $(wildcard $(call part_path,$(1),$(f))),\
	$(error $(3): nothing at '$(f)'))))
# $(call set_or,VAR,DEFAULT): VAR's value when it is set, even to nothing.
set_or = $(if $(filter undefined,$(flavor $(1))),$(2),$($(1)))
# $(call partobjs,SYSTEM,NAME,SOURCES): the objects of a partition's sources.
partobjs = $(patsubst %,$(O)/$(1)/part/$(2)/obj/%.o,$(basename $(call part_norm,$(3))))

# $(call part_settings,SYSTEM,NAME,DIR): reads DIR/spmsim.mk and the
# project's settings for NAME into <SYSTEM>_SRCS.<NAME> and
# <SYSTEM>_CFLAGS.<NAME>, so that no partition sees another's settings.
define part_settings
undefine PARTITION_SRCS
undefine PARTITION_INCLUDES
undefine PARTITION_DEFINES
undefine PARTITION_CFLAGS
-include $(3)/spmsim.mk
$(1)_SRCS.$(2) := $$(call part_norm,$$(wildcard $(3)/*.c)) \
	$$(call part_paths,$(3),$$(PARTITION_SRCS),$(3)/spmsim.mk: PARTITION_SRCS) \
	$$(call part_paths,$(PROJECT_DIR),$$(PARTITION_SRCS.$(2)),$(PROJECT): PARTITION_SRCS.$(2))
$$(if $$(strip $$($(1)_SRCS.$(2))),,$$(error $(3): partition $(2) has no source: no .c file beside its manifest, none in PARTITION_SRCS))
$(1)_PFLAGS.$(2) := -I$(O)/$(1)/gen \
	$$(addprefix -I,$$(call part_paths,$(3),$$(PARTITION_INCLUDES),$(3)/spmsim.mk: PARTITION_INCLUDES)) \
	$$(addprefix -I,$$(call part_paths,$(PROJECT_DIR),$$(PARTITION_INCLUDES.$(2)),$(PROJECT): PARTITION_INCLUDES.$(2))) \
	$$(addprefix -D,$$(PARTITION_DEFINES) $$(PARTITION_DEFINES.$(2))) \
	$$(call set_or,PARTITION_CFLAGS.$(2),$$(call set_or,PARTITION_CFLAGS,$(if $(call own_partition,$(3)),,$(USER_WARN))))
$(1)_CFLAGS.$(2) = $$($(if $(call own_partition,$(3)),SIM_CFLAGS,PART_BASE_CFLAGS)) $$($(1)_PFLAGS.$(2))
endef

# $(call partition_rules,SYSTEM,NAME,DIR): the partition's settings, its
# objects (under part/<NAME>/, each rebuilt when its flags change) and one
# relocatable object merging them.
define partition_rules
$(call part_settings,$(1),$(2),$(3))
$(call config_file,$(O)/$(1)/part/$(2)/cflags,$$(CC) $$($(1)_CFLAGS.$(2)))
$(call config_file,$(O)/$(1)/part/$(2)/srcs,$$($(1)_SRCS.$(2)))
$(call config_file,$(O)/$(1)/part/$(2)/exports,$$(call image_syms,$$($(1)_EXPORTS.$(2)) $$($(1)-sfn_EXPORTS.$(2))))
$(O)/$(1)/part/$(2)/obj/%.o: %.c $(O)/$(1)/part/$(2)/cflags | $(O)/$(1)/gen/.stamp $(O)/config/psa/framework_feature.h
	@mkdir -p $$(@D)
	$$(call say,CC,$$< [$(1) $(2)])$(CC) $$($(1)_CFLAGS.$(2)) $(DEPFLAGS) -c $$< -o $$@
$(O)/$(1)/part/$(2)/obj/%.o: %.S $(O)/$(1)/part/$(2)/cflags | $(O)/$(1)/gen/.stamp $(O)/config/psa/framework_feature.h
	@mkdir -p $$(@D)
	$$(call say,CC,$$< [$(1) $(2)])$(CC) $$($(1)_CFLAGS.$(2)) $(DEPFLAGS) -c $$< -o $$@
$(O)/$(1)/part/$(2).o: $$(call partobjs,$(1),$(2),$$($(1)_SRCS.$(2))) $(O)/$(1)/part/$(2)/srcs $(O)/$(1)/part/$(2)/exports
	@mkdir -p $$(@D)
	$$(call say,IMAGE,$$@)$$(IMAGE_LINK) -o $$@.r $$(filter %.o,$$^)
	$(Q)$(OBJCOPY) $(call part_sections,$(2)) $$(call image_syms,$$($(1)_EXPORTS.$(2))) $$@.r $$@
	@rm -f $$@.r
$(1)_NS_OBJS += $$(call partobjs,$(1),$(2),$$(wildcard $(3)/ns/*.c))
endef

sysobjs = $(patsubst %,$(O)/$(1)/obj/%.o,$(basename $(2)))

# A program holding both backends' load tables (samples, scenarios, cli)
# compiles its partitions once, against the IPC headers. A `model: dual`
# partition chooses its code from those headers (<NAME>_MODEL_IPC/_SFN), so
# it is compiled a second time against the SFN headers, and that copy's
# global symbols get DUAL_SUFFIX appended so both copies link into one
# program; the SFN table names the renamed functions (spm-manifest
# --dual-suffix). Both copies' data share the partition's sections.
NM ?= nm
DUAL_SUFFIX := __spmsim_sfn

# $(call dual_rules,SYSTEM,NAME,DIR): the SFN copy of dual partition NAME,
# from its sources and flags (spmsim.mk included), against the SFN headers.
define dual_rules
$(O)/$(1)/part/$(2)/obj-sfn/%.o: %.c $(O)/$(1)/part/$(2)/cflags | $(O)/$(1)/gen-sfn/.stamp $(O)/config/psa/framework_feature.h
	@mkdir -p $$(@D)
	$$(call say,CC,$$< [$(1) $(2) SFN copy])$(CC) $$(patsubst -I$(O)/$(1)/gen,-I$(O)/$(1)/gen-sfn,$$($(1)_CFLAGS.$(2))) $(DEPFLAGS) -c $$< -o $$@
$(O)/$(1)/part/$(2).sfn.o: $$(patsubst %,$(O)/$(1)/part/$(2)/obj-sfn/%.o,$$(basename $$($(1)_SRCS.$(2)))) $(O)/$(1)/part/$(2)/srcs $(O)/$(1)/part/$(2)/exports
	@mkdir -p $$(@D)
	$$(call say,IMAGE,$$@)$$(IMAGE_LINK) -o $$@.r $$(filter %.o,$$^)
	$(Q)$(NM) -g --defined-only $$@.r | awk '{ print $$$$3, $$$$3 "$(DUAL_SUFFIX)" }' >$$@.syms
	$(Q)$(OBJCOPY) --redefine-syms=$$@.syms $(call part_sections,$(2)) $$@.r $$@.s
	$(Q)$(OBJCOPY) $$(call image_syms,$$($(1)-sfn_EXPORTS.$(2))) $$@.s $$@
	@rm -f $$@.r $$@.s $$@.syms
endef

# $(call dual_system,SYSTEM): the SFN copies of the dual partitions that
# SYSTEM's SFN table (in $(O)/SYSTEM/gen-sfn) lists, added to SYSTEM_OBJS.
define dual_system
SYS := $(1)-sfn
-include $(O)/$(1)/gen-sfn/partitions.mk
$$(foreach n,$$($(1)-sfn_DUAL),$$(eval $$(call dual_rules,$(1),$$(n),$$($(1)-sfn_DIR.$$(n)))))
$(1)_OBJS += $$(foreach n,$$($(1)-sfn_DUAL),$(O)/$(1)/part/$$(n).sfn.o)
endef

# $(call load_table_flags,SYSTEM): the partitions' include folders and
# defines, for the load table: a size given as a macro (stack_size:
# MY_STACK_SIZE) comes from the partition's configuration headers, as in
# TF-M, where each partition's load information builds with its flags.
load_table_flags = $(filter-out -I$(O)/$(1)/gen,$(filter -I% -D%,\
	$(foreach n,$($(1)_PARTITIONS),$($(1)_PFLAGS.$(n)))))

# $(call sfn_table,SYSTEM): SYSTEM's SFN load table (generated in
# $(O)/SYSTEM/gen-sfn) and its dual partitions' SFN copies, added to
# SYSTEM_OBJS, for a program that runs both backends.
define sfn_table
$(O)/$(1)/obj/$(O)/$(1)/gen-sfn/load_table.o: SIM_CFLAGS += $$(call load_table_flags,$(1))
$(O)/$(1)/obj/$(O)/$(1)/gen-sfn/load_table.o: $(O)/$(1)/gen-sfn/load_table.c $(O)/flags $(O)/$(1)/table-flags
	@mkdir -p $$(@D)
	$$(call say,CC,$$<)$$(CC) $$(SIM_CFLAGS) -I$(O)/$(1)/gen-sfn $(DEPFLAGS) -c $$< -o $$@
$(1)_OBJS += $(O)/$(1)/obj/$(O)/$(1)/gen-sfn/load_table.o
$(call dual_system,$(1))
endef

# $(call system,SYSTEM,ARGS,LISTS): everything above for one system, defining
# <SYSTEM>_OBJS (partitions, load table, memory table) and <SYSTEM>_NS_OBJS.
define system
$(call gen_rules,$(O)/$(1)/gen,$(2),$(3))
$(O)/$(1)/obj/%.o: %.c $(O)/flags | $(O)/$(1)/gen/.stamp $(O)/config/psa/framework_feature.h
	@mkdir -p $$(@D)
	$$(call say,CC,$$< [$(1)])$(CC) $$(SIM_CFLAGS) -I$(O)/$(1)/gen $(DEPFLAGS) -c $$< -o $$@
SYS := $(1)
$(1)_NS_OBJS :=
ifneq ($(READ_SYSTEMS),)
include $(O)/$(1)/gen/partitions.mk
endif
$$(foreach n,$$($(1)_PARTITIONS),$$(eval $$(call partition_rules,$(1),$$(n),$$($(1)_DIR.$$(n)))))
$(O)/$(1)/obj/$(O)/$(1)/gen/load_table.o: SIM_CFLAGS += $$(call load_table_flags,$(1))
$(O)/$(1)/obj/$(O)/$(1)/gen/load_table.o: $(O)/$(1)/table-flags
$(call config_file,$(O)/$(1)/table-flags,$$(call load_table_flags,$(1)))
$(1)_OBJS = $$(foreach n,$$($(1)_PARTITIONS),$(O)/$(1)/part/$$(n).o) \
	$(O)/$(1)/obj/$(O)/$(1)/gen/load_table.o \
	$(O)/$(1)/obj/$(O)/$(1)/gen/sim_memory_table.o
endef

# SPMSIM_SAMPLES=no leaves spmsim's samples (and the scenario partitions,
# which call them) out of the build's system and spmsim; the tests' systems
# keep them.
SAMPLE_LISTS := $(if $(filter yes,$(SPMSIM_SAMPLES)),partitions/manifest_list.yaml)
MANIFEST_LISTS := $(SAMPLE_LISTS) $(EXTRA_MANIFEST_LIST_FILES)
# The sample list builds its IPC-model partitions only for the IPC backend,
# the way TF-M's configuration defines CONFIG_TFM_SPM_BACKEND_IPC.
MANIFEST_CONDITIONS := $(if $(filter IPC,$(CONFIG_TFM_SPM_BACKEND)),CONFIG_TFM_SPM_BACKEND_IPC) \
	$(MANIFEST_DEFINES)
# PLATFORM_FILE=path: the project's platform file (MMIO regions and IRQ
# lines its manifests name besides the board's), for every system.
PLATFORM_ARGS := $(if $(PLATFORM_FILE),--platform $(PLATFORM_FILE))
MANIFEST_ARGS := $(PLATFORM_ARGS) --backend $(CONFIG_TFM_SPM_BACKEND) \
	--isolation $(TFM_ISOLATION_LEVEL) \
	$(foreach d,$(strip $(MANIFEST_CONDITIONS)),-D $(d))

# The system the build's switches describe: `make run` boots it.
GEN := $(O)/main/gen
$(eval $(call system,main,$(MANIFEST_ARGS),$(MANIFEST_LISTS)))

# The samples again for the tests, with both backends' load tables in one
# binary: all partitions for IPC, the SFN-model ones as spm_load_table_sfn.
$(eval $(call system,samples,$(PLATFORM_ARGS) --backend IPC -D CONFIG_TFM_SPM_BACKEND_IPC,partitions/manifest_list.yaml))
$(eval $(call gen_rules,$(O)/samples/gen-sfn,$(PLATFORM_ARGS) --backend SFN --symbol spm_load_table_sfn --dual-suffix $(DUAL_SUFFIX),partitions/manifest_list.yaml))
$(eval $(call sfn_table,samples))

# The scenario partitions (scenarios/partitions/: fault lab, agent, storage)
# with the samples they call, both backends' load tables in one binary, as
# for the samples. Their SFN list defines CONFIG_TFM_SPM_BACKEND_SFN, which
# picks the agent's manifest for that backend.
SCENARIO_LISTS := partitions/manifest_list.yaml scenarios/partitions/manifest_list.yaml
$(eval $(call system,scenarios,$(PLATFORM_ARGS) --backend IPC -D CONFIG_TFM_SPM_BACKEND_IPC,$(SCENARIO_LISTS)))
$(eval $(call gen_rules,$(O)/scenarios/gen-sfn,$(PLATFORM_ARGS) --backend SFN -D CONFIG_TFM_SPM_BACKEND_SFN --symbol spm_load_table_sfn --dual-suffix $(DUAL_SUFFIX),$(SCENARIO_LISTS)))
$(eval $(call sfn_table,scenarios))

# The target stage's partitions (tests/target/), both backends' tables in
# one binary as for the samples: the host program whose outcomes the
# Cortex-M33 build's must equal (tests/tools/test_target.sh).
TARGET_CASES_LIST := tests/target/manifest_list.yaml
$(eval $(call system,tcases,$(PLATFORM_ARGS) --backend IPC -D CONFIG_TFM_SPM_BACKEND_IPC,$(TARGET_CASES_LIST)))
$(eval $(call gen_rules,$(O)/tcases/gen-sfn,$(PLATFORM_ARGS) --backend SFN --symbol spm_load_table_sfn --dual-suffix $(DUAL_SUFFIX),$(TARGET_CASES_LIST)))
$(eval $(call sfn_table,tcases))

.PHONY: manifests
manifests: $(GEN)/.stamp

# The spmsim CLI links the build's partitions (MANIFEST_LISTS) and the
# scenario partitions (fault lab, agent, storage; unless SPMSIM_SAMPLES=no)
# with both backends' load tables, as the samples do, so one binary runs
# either; and the lists' absolute paths, so that a scenario can name only
# those. Each table's list defines its backend's CONFIG_TFM_SPM_BACKEND_*, as
# TF-M's configuration does.
# The mailbox agent too, for scenarios with mailbox clients (`threads`).
CLI_MAILBOX_LIST := partitions/ns_agent_mailbox/manifest_list.yaml
CLI_SCENARIO_LISTS := $(if $(SAMPLE_LISTS),scenarios/partitions/manifest_list.yaml \
	$(filter-out $(MANIFEST_LISTS),$(CLI_MAILBOX_LIST)))
CLI_MANIFEST_LISTS := $(MANIFEST_LISTS) $(CLI_SCENARIO_LISTS)
CLI_DEFINES := $(foreach d,CONFIG_TFM_SPM_BACKEND_IPC $(strip $(MANIFEST_DEFINES)),-D $(d))
$(eval $(call system,cli,$(PLATFORM_ARGS) --backend IPC $(CLI_DEFINES),$(CLI_MANIFEST_LISTS)))
# An extra list may hold IPC-model partitions unconditionally, which the
# compiler rightly refuses for SFN: scripts/gen-cli-sfn.sh leaves such lists
# out of spmsim's SFN table, saying which partition forces it, and keeps the
# others (an empty table when none is left). It runs again whenever a
# manifest the IPC table read changes, so a fixed one brings its list back.
CLI_SFN := $(O)/cli/gen-sfn
CLI_SFN_ARGS := $(PLATFORM_ARGS) --backend SFN --symbol spm_load_table_sfn --dual-suffix $(DUAL_SUFFIX) \
	$(foreach d,CONFIG_TFM_SPM_BACKEND_SFN $(strip $(MANIFEST_DEFINES)),-D $(d))
CLI_SFN_EMPTY := /* Generated by the Makefile: no SFN-model partitions. */\n\
\#include "load_table.h"\n\
const struct spm_load_table spm_load_table_sfn = {SPM_LOAD_TABLE_VERSION, 0, 0};
$(eval $(call config_file,$(CLI_SFN)/config,$(CLI_SFN_ARGS) $(CLI_MANIFEST_LISTS)))
$(CLI_SFN)/.stamp: $(MANIFEST_TOOL) $(CLI_SFN)/config $(CLI_MANIFEST_LISTS) \
		scripts/gen-cli-sfn.sh
	$(call say,GEN,$(CLI_SFN))sh scripts/gen-cli-sfn.sh $(MANIFEST_TOOL) $(CLI_SFN) '$(CLI_SFN_EMPTY)' \
		$(O)/cli/gen/manifest.d $(CLI_SFN_ARGS) -- $(CLI_MANIFEST_LISTS)
	@touch $@
$(CLI_SFN)/load_table.c $(CLI_SFN)/partitions.mk: $(CLI_SFN)/.stamp
	@touch $@
-include $(CLI_SFN)/manifest.d $(CLI_SFN)/all.d
CLI_LISTS_C := $(O)/cli/cli_lists.c
CLI_LISTS_TEXT := /* Generated by the Makefile: the manifest lists spmsim is built from. */$(nl)\
const char *const spmsim_cli_lists[] = {$(foreach l,$(CLI_MANIFEST_LISTS),"$(abspath $(l))", )0};$(nl)\
const char *const spmsim_cli_left_out[] = {$(foreach l,$(if $(CLI_SCENARIO_LISTS),,$(SCENARIO_LISTS) $(CLI_MAILBOX_LIST)),"$(abspath $(l))", )0};
$(eval $(call config_file,$(CLI_LISTS_C),$$(CLI_LISTS_TEXT)))
$(eval $(call sfn_table,cli))
# What spmsim links, for the scenario checks: without the scenario
# partitions, sim/cli/scn_no_agent.c stands in for the agent's client library
# and scenarios that need those partitions are refused before they run.
CLI_BUILD_H := $(O)/cli/cli_build.h
CLI_BUILD_TEXT := /* Generated by the Makefile: what this spmsim links. */$(nl)\
\#define SPMSIM_CLI_SCENARIO_PARTITIONS $(if $(CLI_SCENARIO_LISTS),1,0)
$(eval $(call config_file,$(CLI_BUILD_H),$$(CLI_BUILD_TEXT)))
$(O)/cli/obj/sim/cli/main.o: $(CLI_BUILD_H)
$(O)/cli/obj/sim/cli/main.o: SIM_CFLAGS += -I$(O)/cli

# ------------------------------------------------------------------ unit tests
#
# tests/unit/test_<module>.c is one CMocka executable per module. Each test
# names the module sources it links with <test>_SRCS and its libraries with
# <test>_LIBS. Host-tool tests are native; the rest follow HOST_BITS.

HOST_TESTS := test_manifest
test_manifest_SRCS := $(MANIFEST_LIB_SRCS) $(sort $(wildcard tests/unit/test_manifest*.c))
test_manifest_LIBS := -lcmocka -lyaml

# The scenario parser of the spmsim CLI, alone (it needs no simulator).
HOST_TESTS += test_scenario
test_scenario_SRCS := tests/unit/test_scenario.c sim/cli/scenario.c sim/cli/scn_diag.c \
	$(YAML_SRCS)
test_scenario_LIBS := -lcmocka -lyaml
$(HOST_O)/host/tests/unit/test_scenario.o: HOST_CFLAGS += -Isim/cli

SIM_TESTS := test_psa_headers test_arch_context
test_psa_headers_SRCS := tests/unit/test_psa_headers.c sim/log.c
test_psa_headers_LIBS := -lcmocka

# The host architecture layer: contexts switched by a few instructions of
# assembly, one file per instruction set.
HOST_ISA := $(if $(filter 32,$(HOST_BITS)),i386,x86_64)
ARCH_SRCS := sim/arch_context.c sim/arch_fatal.c sim/arch_switch_$(HOST_ISA).S
SIM_CFLAGS += -Isim/include

test_arch_context_SRCS := tests/unit/test_arch_context.c $(ARCH_SRCS)

# The pure part of Armv8-M memory protection (region encodings, the
# boundaries' region images), shared with the target build.
PMSAV8_SRCS := arch/pmsav8/pmsav8.c
SIM_CFLAGS += -Iarch/pmsav8
test_arch_context_LIBS := -lcmocka -lm

# The SPM core, both backends and the host harness: what every simulated
# system links. The build's backend and level only set the harness defaults,
# through a generated header that changes only when they do.
CORE_SRCS := $(sort $(wildcard spm_core/*.c)) backends/ipc/ipc.c backends/sfn/sfn.c
SIM_LIB_SRCS := sim/harness.c sim/sim_memory.c sim/ns_image.c sim/platform.c \
	sim/platform_names.c sim/fault.c sim/inject.c \
	sim/resets.c sim/exits.c sim/irq_model/nvic.c sim/irq_model/irq_sim.c \
	sim/devices/devices.c sim/devices/timer_dev.c sim/devices/uart_dev.c \
	sim/devices/flash_dev.c sim/devices/watchdog_dev.c \
	sim/mpu_model/mpu.c sim/mpu_model/sau.c sim/mpu_model/isolation.c \
	sim/mpu_model/protect.c sim/veneer.c sim/heap.c sim/ns_heap.c \
	sim/ns_threads.c \
	sim/trace/trace.c sim/trace/trace_json.c sim/log.c $(ARCH_SRCS) \
	$(PMSAV8_SRCS)
SPMSIM_SRCS := $(CORE_SRCS) $(SIM_LIB_SRCS)
SIM_CFLAGS += -Ibackends -Isim -Isim/irq_model -Isim/mpu_model -Itools/yaml \
	-I$(O)/config -I$(B)/version \
	-pthread
# The version spmsim --version prints: the commit it was built from.
VERSION_H := $(B)/version/spmsim_version.h
SPMSIM_VERSION = $(shell git describe --always --dirty 2>/dev/null || echo unknown)
VERSION_TEXT = /* Generated by the Makefile: the commit built. */$(nl)$(hash)define SPMSIM_VERSION "$(SPMSIM_VERSION)"
$(eval $(call config_file,$(VERSION_H),$$(VERSION_TEXT)))

CONFIG_H := $(O)/config/spmsim_config.h
CONFIG_TEXT := /* Generated by the Makefile from the build switches. */$(nl)\
\#define SPMSIM_CONFIG_BACKEND "$(CONFIG_TFM_SPM_BACKEND)"$(nl)\
\#define SPMSIM_CONFIG_ISOLATION $(TFM_ISOLATION_LEVEL)
$(eval $(call config_file,$(CONFIG_H),$$(CONFIG_TEXT)))

$(O)/obj/sim/harness.o $(O)/obj/tests/unit/test_psa_headers.o: $(CONFIG_H)

# psa/framework_feature.h, as TF-M's build generates it: the isolation level
# and whether the MM-IOVEC API is there (PSA_FRAMEWORK_HAS_MM_IOVEC=ON|OFF;
# ON by default at level 1, the only level that has it). Every partition
# and program sees it (-I$(O)/config), and only a change rewrites it.
PSA_FRAMEWORK_HAS_MM_IOVEC ?= $(if $(filter 1,$(TFM_ISOLATION_LEVEL)),ON,OFF)
ifeq ($(filter $(PSA_FRAMEWORK_HAS_MM_IOVEC),ON OFF),)
$(error PSA_FRAMEWORK_HAS_MM_IOVEC must be ON or OFF, not '$(PSA_FRAMEWORK_HAS_MM_IOVEC)')
endif
ifeq ($(PSA_FRAMEWORK_HAS_MM_IOVEC)$(filter 1,$(TFM_ISOLATION_LEVEL)),ON)
$(error PSA_FRAMEWORK_HAS_MM_IOVEC=ON needs TFM_ISOLATION_LEVEL=1: FF-M offers the MM-IOVEC API at isolation level 1 only)
endif
FEATURE_H := $(O)/config/psa/framework_feature.h
FEATURE_MM := $(if $(filter ON,$(PSA_FRAMEWORK_HAS_MM_IOVEC)),1,0)
FEATURE_TEXT := /* Generated by the Makefile from the build switches. */$(nl)\
\#ifndef PSA_FRAMEWORK_FEATURE_H$(nl)\#define PSA_FRAMEWORK_FEATURE_H$(nl)\
\#define PSA_FRAMEWORK_ISOLATION_LEVEL $(TFM_ISOLATION_LEVEL)$(nl)\
\#define PSA_FRAMEWORK_HAS_MM_IOVEC $(FEATURE_MM)$(nl)\#endif
$(eval $(call config_file,$(FEATURE_H),$$(FEATURE_TEXT)))
$(O)/cli/obj/sim/cli/main.o: $(VERSION_H)

# Every program that links the simulator is linked with its entry veneers
# (sim/veneer.c: each function below reached through __wrap_<name>) and a
# linker fragment, generated from its objects by scripts/gen-ldfrag.sh, that
# puts the SPM's and each partition's data in page-aligned areas of their own
# for page protection.
SPMSIM_VENEERS := psa_framework_version psa_version psa_connect psa_call \
	psa_close psa_wait psa_get psa_set_rhandle psa_read psa_skip psa_write \
	psa_reply psa_notify psa_clear psa_eoi psa_panic psa_irq_enable \
	psa_irq_disable psa_reset_signal psa_map_invec psa_unmap_invec \
	psa_map_outvec psa_unmap_outvec psa_rot_lifecycle_state \
	spmsim_platform_mmio spmsim_partition_mmio \
	spmsim_partition_mmio_by_index spmsim_cpu_relax spmsim_last_panic \
	spmsim_get_counters spmsim_area_address spmsim_trace_mark \
	spmsim_inject spmsim_inject_pending spmsim_inject_cancel \
	spmsim_mailbox_take spmsim_mailbox_reply spmsim_agent_version \
	spmsim_agent_connect spmsim_agent_call spmsim_agent_close \
	spmsim_agent_dispatch
# The C library's ways to end the process, which simulated code may not take
# (sim/exits.c: a panic instead).
SPMSIM_EXITS := exit _exit _Exit quick_exit __assert_fail pthread_exit raise \
	kill
# The allocator, so that the non-secure side's heap blocks are known
# (sim/ns_heap.c).
SPMSIM_VENEERS += malloc calloc realloc free aligned_alloc posix_memalign
SPMSIM_LINK = -Wl,-T,$@.ld \
	$(foreach f,$(SPMSIM_VENEERS) $(SPMSIM_EXITS),-Wl,--wrap=$(f))
SPMSIM_LDFRAG = scripts/gen-ldfrag.sh $@.ld $(filter %.o,$^)

SIM_TESTS += test_smoke
test_smoke_SRCS := tests/integration/test_smoke.c $(SPMSIM_SRCS)
test_smoke_LIBS := -lcmocka

# The whole FF-M API and every programmer-error rule, on hand-written test
# partitions (tests/integration/test_partitions.c), under both backends.
INTEGRATION_TESTS := test_api test_errors test_system
$(foreach t,$(INTEGRATION_TESTS),$(eval $(t)_SRCS := tests/integration/$(t).c tests/integration/test_partitions.c $$(SPMSIM_SRCS)))
$(foreach t,$(INTEGRATION_TESTS),$(eval $(t)_LIBS := -lcmocka))
SIM_TESTS += $(INTEGRATION_TESTS)

# Several non-secure threads: client ids, ownership, seeded replay, resets
# and panics inside calls, and a stress run sized for CI.
SIM_TESTS += test_ns_threads
test_ns_threads_SRCS := tests/integration/test_ns_threads.c \
	tests/integration/test_partitions.c $(SPMSIM_SRCS)
test_ns_threads_LIBS := -lcmocka

# Interrupts end to end: signal sources, NVIC model, SLIH/FLIH, storm.
SIM_TESTS += test_irq
test_irq_SRCS := tests/integration/test_irq.c $(SPMSIM_SRCS)
test_irq_LIBS := -lcmocka

# Memory faults of partition and non-secure code become panics.
SIM_TESTS += test_faults
test_faults_SRCS := tests/integration/test_faults.c $(SPMSIM_SRCS)
test_faults_LIBS := -lcmocka

# The isolation matrix through the SPM's memory check, levels 1 to 3.
SIM_TESTS += test_isolation
test_isolation_SRCS := tests/integration/test_isolation.c $(SPMSIM_SRCS)
test_isolation_LIBS := -lcmocka

# Hostile callers: attacks on the simulator's state, vectors spanning secure
# memory, a flipped vector base; levels 1 to 3, both backends and modes.
SIM_TESTS += test_hostile
test_hostile_SRCS := tests/integration/test_hostile.c $(SPMSIM_SRCS)
test_hostile_LIBS := -lcmocka

# The SPM core's modules with fakes for the seams (tests/fakes/).
FAKES := tests/fakes/fake_backend.c tests/fakes/fake_arch.c \
	tests/fakes/fake_irq.c tests/fakes/fake_isolation.c \
	tests/fakes/fake_trace.c spm_core/trace.c
SIM_TESTS += test_conn test_spm test_client_api test_service_api test_ipc_sched
test_conn_SRCS := tests/unit/test_conn.c spm_core/conn.c \
	tests/fakes/fake_spm_check.c tests/fakes/fake_arch.c
test_spm_SRCS := tests/unit/test_spm.c spm_core/spm.c spm_core/irq.c \
	spm_core/conn.c $(FAKES)
test_client_api_SRCS := tests/unit/test_client_api.c spm_core/client_api.c \
	spm_core/service_api.c spm_core/spm.c spm_core/irq.c spm_core/conn.c \
	$(FAKES)
test_service_api_SRCS := tests/unit/test_service_api.c \
	spm_core/service_api.c spm_core/spm.c spm_core/irq.c spm_core/conn.c \
	$(FAKES)
test_ipc_sched_SRCS := tests/unit/test_ipc_sched.c backends/ipc/ipc.c \
	spm_core/client_api.c spm_core/service_api.c spm_core/spm.c \
	spm_core/irq.c spm_core/conn.c $(ARCH_SRCS) tests/fakes/fake_irq.c \
	tests/fakes/fake_isolation.c tests/fakes/fake_trace.c spm_core/trace.c
$(foreach t,test_conn test_spm test_client_api test_service_api test_ipc_sched,$(eval $(t)_LIBS := -lcmocka))
SIM_CFLAGS += -Itests/fakes

# Tracing: the text form and the JSON writer on a made-up event stream.
SIM_TESTS += test_trace
test_trace_SRCS := tests/unit/test_trace.c sim/trace/trace.c \
	sim/trace/trace_json.c
test_trace_LIBS := -lcmocka

# Traces of real partitions on both backends.
SIM_TESTS += test_trace_run
test_trace_run_SRCS := tests/integration/test_trace_run.c \
	tests/integration/test_partitions.c $(SPMSIM_SRCS)
test_trace_run_LIBS := -lcmocka

# The Armv8-M MPU and SAU models alone.
SIM_TESTS += test_mpu test_sau
test_mpu_SRCS := tests/unit/test_mpu.c sim/mpu_model/mpu.c $(PMSAV8_SRCS)
test_mpu_LIBS := -lcmocka
test_sau_SRCS := tests/unit/test_sau.c sim/mpu_model/sau.c $(PMSAV8_SRCS)
test_sau_LIBS := -lcmocka

# The boundaries' region images (arch/pmsav8/), decided by the MPU model.
SIM_TESTS += test_pmsav8
test_pmsav8_SRCS := tests/unit/test_pmsav8.c sim/mpu_model/mpu.c $(PMSAV8_SRCS)
test_pmsav8_LIBS := -lcmocka

# The partition heap allocator alone.
SIM_TESTS += test_heap
test_heap_SRCS := tests/unit/test_heap.c sim/heap.c
test_heap_LIBS := -lcmocka

# Page protection (the trap mode's areas and views) alone.
SIM_TESTS += test_protect
test_protect_SRCS := tests/unit/test_protect.c sim/mpu_model/protect.c \
	sim/arch_fatal.c
test_protect_LIBS := -lcmocka

# The interrupt controller model alone.
SIM_TESTS += test_nvic
test_nvic_SRCS := tests/unit/test_nvic.c sim/irq_model/nvic.c
test_nvic_LIBS := -lcmocka

# $(call program,OUTPUT,SYSTEM,SOURCES,LIBS[,OBJECTS[,PLAIN]]): a non-secure
# program (its own sources, compiled against the system's generated headers,
# or objects compiled elsewhere) linked with the system's partitions, their
# client libraries and the simulator. The program's objects and the client
# libraries make its non-secure image (OUTPUT.ns.o, see IMAGE_LINK), which
# exports only main and NS_EXPORTS (names that a library linked after it
# calls back) and keeps its writable data in sections of its own,
# spmsim_ns_image_data and spmsim_ns_image_bss, which a reset restores when
# the harness is asked to (spmsim_config.ns_reboot, sim/ns_image.c). PLAIN
# (non-empty) links the objects as they are: the spmsim command is the
# harness, not a non-secure image.
NS_EXPORTS ?=
NS_SECTIONS := $(foreach s,.data .data.rel .data.rel.local,--rename-section $(s)=spmsim_ns_image_data) \
	--rename-section .bss=spmsim_ns_image_bss
define program
$(call config_file,$(1).ns.opts,$$(NS_SECTIONS) $$(call image_syms,main $$(NS_EXPORTS)))
$(1).ns.o: $$(call sysobjs,$(2),$(3)) $(5) $$($(2)_NS_OBJS) $(1).ns.opts
	@mkdir -p $$(@D)
	$$(call say,IMAGE,$$@)$$(IMAGE_LINK) -o $$@.r $$(filter %.o,$$^)
	$(Q)$$(OBJCOPY) $$(NS_SECTIONS) $$(call image_syms,main $$(NS_EXPORTS)) $$@.r $$@
	@rm -f $$@.r
$(1): $(if $(6),$$(call sysobjs,$(2),$(3)) $(5) $$($(2)_NS_OBJS),$(1).ns.o) $$($(2)_OBJS) $$(call objs,$$(SPMSIM_SRCS)) scripts/gen-ldfrag.sh $(O)/link-flags
	@mkdir -p $$(@D)
	@$$(SPMSIM_LDFRAG)
	$$(call say,LD,$$@)$$(CC) $(SIM_LDFLAGS) $$(SPMSIM_LINK) -o $$@ $$(filter %.o,$$^) $(4)
endef

# Integration tests on the sample partitions, both backends.
SAMPLES_TEST := $(O)/tests/integration/test_samples
$(eval $(call program,$(SAMPLES_TEST),samples,tests/integration/test_samples.c,-lcmocka))

# The board's device models on the sample devices partition.
DEVICES_TEST := $(O)/tests/integration/test_devices
$(eval $(call program,$(DEVICES_TEST),samples,tests/integration/test_devices.c,-lcmocka))

# The non-secure image's reboot (spmsim_config.ns_reboot), both backends.
IMAGES_TEST := $(O)/tests/integration/test_images
$(eval $(call program,$(IMAGES_TEST),samples,tests/integration/test_images.c,-lcmocka))

# A project's platform file (tests/platform/platform.yaml): a driver
# partition on a region and a line it declares, and the watchdog device.
$(eval $(call system,platform,--platform tests/platform/platform.yaml --backend IPC,tests/platform/manifest_list.yaml))
PLATFORM_TEST := $(O)/tests/integration/test_platform
$(eval $(call program,$(PLATFORM_TEST),platform,tests/integration/test_platform.c,-lcmocka))

# The target stage's cases on the host (see the tcases system).
TARGET_CASES_HOST := $(O)/tests/target/target_cases
$(eval $(call program,$(TARGET_CASES_HOST),tcases,tests/target/host.c tests/target/cases.c,))

# The mailbox non-secure agent (partitions/ns_agent_mailbox/) with the
# samples: non-secure threads of a second core call them through it.
$(eval $(call system,mailbox,$(PLATFORM_ARGS) --backend IPC -D CONFIG_TFM_SPM_BACKEND_IPC,partitions/manifest_list.yaml partitions/ns_agent_mailbox/manifest_list.yaml))
MAILBOX_TEST := $(O)/tests/integration/test_mailbox
$(eval $(call program,$(MAILBOX_TEST),mailbox,tests/integration/test_mailbox.c,-lcmocka))

# Fault injection on the scenario partitions, both backends.
FAULT_LAB_TEST := $(O)/tests/integration/test_fault_lab
$(eval $(call program,$(FAULT_LAB_TEST),scenarios,tests/integration/test_fault_lab.c,-lcmocka))

# Out-of-tree partitions: each EXTRA_PARTITION_PATHS folder is the folder
# of a partition (its manifest's, in one of the EXTRA_MANIFEST_LIST_FILES);
# the .c files of its test/ folder make a non-secure program,
# build/ns/<folder name>, compiled with the partition's flags and linked with
# the whole system. A folder that holds no partition fails that program's
# build (only once the lists are read: they may be what is out of date); one
# without test/*.c builds no program.
NS_PROGRAMS :=
dir_partition = $(firstword $(foreach n,$($(1)_PARTITIONS),\
	$(if $(filter $(abspath $(2)),$(abspath $($(1)_DIR.$(n)))),$(n))))
define ns_program
ifeq ($(call dir_partition,main,$(1)),)
NS_PROGRAMS += $(O)/ns/$(notdir $(1))
$(O)/ns/$(notdir $(1)): FORCE
	@echo "EXTRA_PARTITION_PATHS: '$(1)' is not the folder of a partition in the manifest lists ($(strip $(MANIFEST_LISTS)))" >&2; exit 1
else ifeq ($(wildcard $(1)/test/*.c),)
$(O)/ns/$(notdir $(1)): FORCE
	@echo "EXTRA_PARTITION_PATHS: '$(1)' has no test/*.c to build" >&2; exit 1
else
NS_PROGRAMS += $(O)/ns/$(notdir $(1))
$$(eval $$(call program,$(O)/ns/$(notdir $(1)),main,,-lcmocka,$$(call partobjs,main,$(call dir_partition,main,$(1)),$(wildcard $(1)/test/*.c))))
endif
endef
$(foreach p,$(patsubst %/,%,$(EXTRA_PARTITION_PATHS)),$(eval $(call ns_program,$(p))))

# The spmsim command: run, test, check and list scenarios.
SPMSIM := $(O)/spmsim
CLI_SRCS := sim/cli/main.c sim/cli/scenario.c sim/cli/scn_diag.c \
	sim/cli/scn_check.c sim/cli/scn_run.c sim/cli/scn_threads.c $(YAML_SRCS) $(CLI_LISTS_C) \
	$(if $(CLI_SCENARIO_LISTS),,sim/cli/scn_no_agent.c)
$(eval $(call program,$(SPMSIM),cli,$(CLI_SRCS),-lyaml,,plain))

$(O)/obj/%.o: %.c $(O)/flags | $(O)/config/psa/framework_feature.h
	@mkdir -p $(@D)
	$(call say,CC,$<)$(CC) $(SIM_CFLAGS) $(DEPFLAGS) -c $< -o $@

$(O)/obj/%.o: %.S $(O)/flags
	@mkdir -p $(@D)
	$(call say,AS,$<)$(CC) $(SIM_CFLAGS) $(DEPFLAGS) -c $< -o $@

define host_test
$(HOST_O)/host/tests/unit/$(1): $$($(1)_SRCS:%.c=$(HOST_O)/host/%.o)
	@mkdir -p $$(@D)
	$$(call say,LD,$$@)$$(CC) $(HOST_SAN) -o $$@ $$^ $$($(1)_LIBS)
endef
define sim_test
$(O)/tests/unit/$(1): $$(call objs,$$($(1)_SRCS)) $(if $(filter sim/harness.c,$($(1)_SRCS)),scripts/gen-ldfrag.sh) $(O)/link-flags
	@mkdir -p $$(@D)
	$(if $(filter sim/harness.c,$($(1)_SRCS)),@$$(SPMSIM_LDFRAG))
	$$(call say,LD,$$@)$$(CC) $(SIM_LDFLAGS) $(if $(filter sim/harness.c,$($(1)_SRCS)),$$(SPMSIM_LINK)) -o $$@ $$(filter %.o,$$^) $$($(1)_LIBS)
endef
$(foreach t,$(HOST_TESTS),$(eval $(call host_test,$(t))))
$(foreach t,$(SIM_TESTS),$(eval $(call sim_test,$(t))))

# The tiny program scripts/m32-exec.sh runs (from build/m32/) to learn
# whether this kernel executes 32-bit x86 programs.
M32_PROBE := $(O)/tests/tools/m32_probe
$(M32_PROBE): $(call objs,tests/tools/m32_probe.c) $(O)/link-flags
	@mkdir -p $(@D)
	$(call say,LD,$@)$(CC) $(SIM_LDFLAGS) -o $@ $(filter %.o,$^)

HOST_TEST_BINS := $(HOST_TESTS:%=$(HOST_O)/host/tests/unit/%)
UNIT_TEST_BINS := $(HOST_TEST_BINS) $(SIM_TESTS:%=$(O)/tests/unit/%)

# ------------------------------------------------------------------- benchmark

# The benchmark prints numbers; it is never a pass/fail test.
BENCH := $(O)/bench/bench_spm
$(BENCH): $(call objs,bench/bench_spm.c $(SPMSIM_SRCS)) scripts/gen-ldfrag.sh $(O)/link-flags
	@mkdir -p $(@D)
	@$(SPMSIM_LDFRAG)
	$(call say,LD,$@)$(CC) $(SIM_LDFLAGS) $(SPMSIM_LINK) -o $@ $(filter %.o,$^)

# A 32-bit benchmark the kernel cannot execute is built and not run.
.PHONY: bench bench-now
bench bench-now: $(BENCH) $(M32_PROBE)
ifeq ($(HOST_BITS),32)
	@why=$$(scripts/m32-exec.sh); rc=$$?; \
	if [ $$rc -eq 1 ]; then echo "bench: $(BENCH): $$why"; exit 0; fi; \
	[ $$rc -eq 0 ] && $(BENCH)
else
	@$(BENCH)
endif

# ------------------------------------------------------------ the target build
#
# make target: the SPM core, the backends, the sample partitions (those of
# arch/armv8m/manifest_list.yaml) and arch/armv8m/ cross-compiled for a
# Cortex-M33 with TrustZone, as a Secure image and a Non-secure image for
# QEMU's mps2-an505, for the build's CONFIG_TFM_SPM_BACKEND and
# TFM_ISOLATION_LEVEL, under build/target/<BACKEND>-L<LEVEL>/. The SPM's
# tables get the target's small capacities (TARGET_CAPACITY); the Secure
# image says how much RAM it needs when it boots, and `make target` prints
# the images' sizes. make run-target boots them in QEMU: the non-secure side
# tells the demo's client story.
TARGET_CC ?= arm-none-eabi-gcc
TARGET_SIZE ?= arm-none-eabi-size
QEMU_ARM ?= qemu-system-arm
# TARGET_APP=demo (the default) builds the demo's non-secure side;
# TARGET_APP=test the target stage's cases (tests/target/), under
# build/target/test/; TARGET_APP=bench the benchmark (bench/target/), under
# build/target/bench/.
TARGET_APP ?= demo
ifeq ($(filter $(TARGET_APP),demo test bench),)
$(error TARGET_APP must be demo, test or bench, not '$(TARGET_APP)')
endif
TD := $(B)/target/$(if $(filter-out demo,$(TARGET_APP)),$(TARGET_APP)/)$(CONFIG_TFM_SPM_BACKEND)-L$(TFM_ISOLATION_LEVEL)
TARGET_ARCH := -mcpu=cortex-m33 -mthumb -mfloat-abi=soft
TARGET_CAPACITY := -DSPM_MAX_PARTITIONS=8u -DSPM_MAX_SERVICES=16u \
	-DSPM_MAX_CONNECTIONS=16u -DSPM_MAX_IRQ_LINES=96u \
	-DSPM_NS_STACK_SIZE=0x1000u
# The heap the contexts' stacks come from.
TARGET_HEAP := 0x8000
# Resets after panics before a run is given up.
TARGET_MAX_RESETS ?= 16
TARGET_BASE_CFLAGS := -std=gnu11 $(WARN) -Os -g -ffunction-sections \
	-fdata-sections $(TARGET_ARCH) --specs=nano.specs -Iinclude
TARGET_S_CFLAGS := $(TARGET_BASE_CFLAGS) -mcmse $(TARGET_CAPACITY) \
	-Ispm_core -Ibackends -Iarch/armv8m/include -Iarch/armv8m \
	-Iarch/pmsav8 -I$(TD)/gen \
	-DARMV8M_BACKEND=$(if $(filter SFN,$(CONFIG_TFM_SPM_BACKEND)),backend_sfn,backend_ipc) \
	-DARMV8M_ISOLATION_LEVEL=$(TFM_ISOLATION_LEVEL)u \
	-DARMV8M_MAX_RESETS=$(TARGET_MAX_RESETS)u
TARGET_NS_CFLAGS := $(TARGET_BASE_CFLAGS) -Iarch/armv8m -Itests/target -I$(TD)/gen

TARGET_GEN_ARGS := --backend $(CONFIG_TFM_SPM_BACKEND) \
	--isolation $(TFM_ISOLATION_LEVEL) -D CONFIG_TFM_SPM_BACKEND_$(CONFIG_TFM_SPM_BACKEND)
TARGET_APP_DIR.demo := arch/armv8m
TARGET_APP_DIR.test := tests/target
TARGET_APP_DIR.bench := bench/target
TARGET_APP_SRCS.demo := arch/armv8m/ns/demo.c
TARGET_APP_SRCS.test := tests/target/cases.c tests/target/board.c
TARGET_APP_SRCS.bench := bench/target/bench_ns.c
TARGET_LIST := $(TARGET_APP_DIR.$(TARGET_APP))/manifest_list.yaml
TARGET_APP_SRCS := $(TARGET_APP_SRCS.$(TARGET_APP))
$(eval $(call gen_rules,$(TD)/gen,$(TARGET_GEN_ARGS),$(TARGET_LIST)))
TARGET_GOALS := target target-now run-target run-target-now target-images-now
ifneq ($(filter $(TARGET_GOALS) $(TD)/%,$(MAKECMDGOALS)),)
SYS := target
include $(TD)/gen/partitions.mk
endif
TARGET_S_SRCS := $(CORE_SRCS) $(PMSAV8_SRCS) $(sort $(wildcard arch/armv8m/*.c)) \
	arch/armv8m/switch.S arch/armv8m/svc.S
TARGET_NS_SRCS := arch/armv8m/ns/startup_ns.c arch/armv8m/ns/psa_client.c \
	arch/armv8m/console.c $(TARGET_APP_SRCS) \
	$(call part_norm,$(foreach n,$(target_PARTITIONS),$(wildcard $(target_DIR.$(n))/ns/*.c)))
# Each partition is one object (part/<NAME>.o), its calls of the PSA API
# renamed to the SVC gate's (arch/armv8m/psa_api.c), its data and bss
# placed in its own RAM area by the generated partitions.ld.
TARGET_PSA_API := psa_framework_version psa_version psa_connect psa_call \
	psa_close psa_wait psa_get psa_set_rhandle psa_read psa_skip psa_write \
	psa_reply psa_notify psa_clear psa_eoi psa_panic psa_irq_enable \
	psa_irq_disable psa_reset_signal psa_map_invec psa_unmap_invec \
	psa_map_outvec psa_unmap_outvec psa_rot_lifecycle_state
TARGET_OBJCOPY ?= arm-none-eabi-objcopy
target_part_objs = $(patsubst %,$(TD)/s/%.o,$(basename $(call part_norm,$(wildcard $(target_DIR.$(1))/*.c))))
define target_partition
$(TD)/part/$(1).o: $(call target_part_objs,$(1))
	@mkdir -p $$(@D)
	$$(call say,LD,$$@)$(TARGET_CC) $(TARGET_ARCH) -r -nostdlib -o $$@.r $$^
	$(Q)$(TARGET_OBJCOPY) $(foreach f,$(TARGET_PSA_API),--redefine-sym $(f)=armv8m_$(f)) $$@.r $$@
	@rm -f $$@.r
endef
$(foreach n,$(target_PARTITIONS),$(eval $(call target_partition,$(n))))
TARGET_S_OBJS := $(patsubst %,$(TD)/s/%.o,$(basename $(TARGET_S_SRCS))) \
	$(foreach n,$(target_PARTITIONS),$(TD)/part/$(n).o) \
	$(TD)/s/load_table.o $(TD)/s/areas.o
TARGET_NS_OBJS := $(patsubst %,$(TD)/ns/%.o,$(basename $(TARGET_NS_SRCS)))
TARGET_S := $(TD)/secure.elf
TARGET_NS := $(TD)/nonsecure.elf
TARGET_VENEERS := $(TD)/veneers.o
$(eval $(call config_file,$(TD)/cflags,$(TARGET_S_CFLAGS) $(TARGET_NS_CFLAGS) $(TARGET_HEAP)))

# The partitions' RAM areas, from the partition table the manifests make.
$(TD)/partitions.ld $(TD)/areas.c &: $(TD)/gen/.stamp scripts/target-areas.sh
	$(call say,GEN,$(TD)/partitions.ld)$(MANIFEST_TOOL) --print $(TARGET_GEN_ARGS) -o $(TD)/print $(TARGET_LIST) \
		| sh scripts/target-areas.sh $(TD)/partitions.ld $(TD)/areas.c
$(TD)/s/areas.o: $(TD)/areas.c $(TD)/cflags
	@mkdir -p $(@D)
	$(call say,CC,$< [target])$(TARGET_CC) $(TARGET_S_CFLAGS) $(DEPFLAGS) -c $< -o $@

$(TD)/s/%.o: %.c $(TD)/cflags | $(TD)/gen/.stamp
	@mkdir -p $(@D)
	$(call say,CC,$< [target])$(TARGET_CC) $(TARGET_S_CFLAGS) $(DEPFLAGS) -c $< -o $@
$(TD)/s/%.o: %.S $(TD)/cflags
	@mkdir -p $(@D)
	$(call say,CC,$< [target])$(TARGET_CC) $(TARGET_S_CFLAGS) $(DEPFLAGS) -c $< -o $@
$(TD)/s/load_table.o: $(TD)/gen/load_table.c $(TD)/cflags
	@mkdir -p $(@D)
	$(call say,CC,$< [target])$(TARGET_CC) $(TARGET_S_CFLAGS) $(DEPFLAGS) -c $< -o $@
$(TD)/ns/%.o: %.c $(TD)/cflags | $(TD)/gen/.stamp
	@mkdir -p $(@D)
	$(call say,CC,$< [target])$(TARGET_CC) $(TARGET_NS_CFLAGS) $(DEPFLAGS) -c $< -o $@

# The Secure link writes the import library the Non-secure link uses.
$(TARGET_S) $(TARGET_VENEERS) &: $(TARGET_S_OBJS) arch/armv8m/secure.ld $(TD)/partitions.ld
	$(call say,LD,$(TARGET_S))$(TARGET_CC) $(TARGET_ARCH) -mcmse --specs=nano.specs -nostartfiles \
		-Wl,--gc-sections -L$(TD) -Wl,-T,arch/armv8m/secure.ld \
		-Wl,--defsym,HEAP_SIZE=$(TARGET_HEAP) -Wl,--cmse-implib \
		-Wl,--out-implib=$(TARGET_VENEERS) -o $(TARGET_S) $(TARGET_S_OBJS)
$(TARGET_NS): $(TARGET_NS_OBJS) $(TARGET_VENEERS) arch/armv8m/ns/ns.ld
	$(call say,LD,$@)$(TARGET_CC) $(TARGET_ARCH) --specs=nano.specs -nostartfiles \
		-Wl,--gc-sections -Wl,-T,arch/armv8m/ns/ns.ld -o $@ \
		$(TARGET_NS_OBJS) $(TARGET_VENEERS)

QEMU_TARGET = $(QEMU_ARM) -M mps2-an505 -cpu cortex-m33 -m 16M -nographic \
	-monitor none -chardev stdio,id=con,mux=on -serial chardev:con \
	-serial chardev:con -semihosting-config enable=on,target=native \
	-kernel $(TARGET_S) -device loader,file=$(TARGET_NS)

.PHONY: target target-now run-target run-target-now
target:
	@$(MAKE) --no-print-directory target-now
target-now: $(TARGET_S) $(TARGET_NS)
	@$(TARGET_SIZE) $(TARGET_S) $(TARGET_NS)
	@$(TARGET_SIZE) $(TARGET_S) | awk -v heap=$$(($(TARGET_HEAP))) 'NR == 2 { printf "%s: %d bytes of flash, %d bytes of RAM (data and bss: the SPM'"'"'s tables, the partitions'"'"' data and stacks, the boot and handler stacks, a heap of %d bytes)\n", "$(TARGET_S)", $$1 + $$2, $$2 + $$3, heap }'
run-target:
	@$(MAKE) --no-print-directory run-target-now
run-target-now: $(TARGET_S) $(TARGET_NS)
	@$(QEMU_TARGET)

# The images of the target stage of `make test` (TARGET_APP=test) or of
# the benchmark (TARGET_APP=bench), for every configuration they run.
TARGET_CONFIGS := IPC-1 IPC-2 IPC-3 SFN-1
.PHONY: target-images target-images-now
target-images:
	@for c in $(TARGET_CONFIGS); do \
		$(MAKE) --no-print-directory TARGET_APP=$(TARGET_APP) \
			CONFIG_TFM_SPM_BACKEND=$${c%-*} TFM_ISOLATION_LEVEL=$${c#*-} \
			target-images-now || exit 1; \
	done
target-images-now: $(TARGET_S) $(TARGET_NS)

# make bench-target: instructions (QEMU -icount) of the PSA calls the
# benchmark partition answers, and the Secure image's size, per backend and
# level (scripts/bench-target.sh prints the table).
.PHONY: bench-target
bench-target:
	@$(MAKE) --no-print-directory TARGET_APP=bench target-images
	@sh scripts/bench-target.sh $(B)/target/bench $(TARGET_CONFIGS)

# ---------------------------------------------------------------- fuzzing
#
# make fuzz: the scenario parser under libFuzzer with ASan and UBSan, for
# FUZZ_SECONDS, starting from the corpus kept in fuzz/corpus/. New inputs go
# to build/fuzz/corpus/, crashes to build/fuzz/. Needs clang's compiler-rt
# (scripts/setup-deps.sh --fuzz installs it).

FUZZ_SECONDS ?= 600
FUZZ_CC ?= clang
FUZZER := $(B)/fuzz/fuzz_scenario
FUZZ_SRCS := fuzz/fuzz_scenario.c sim/cli/scenario.c sim/cli/scn_diag.c \
	$(YAML_SRCS)

$(FUZZER): $(FUZZ_SRCS) $(wildcard sim/cli/*.h) tools/yaml/ytree.h
	@mkdir -p $(@D)
	$(FUZZ_CC) -std=gnu11 $(WARN) -g -O1 -fno-omit-frame-pointer \
		-fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all \
		-Iinclude -Isim/cli -Itools/yaml -o $@ $(FUZZ_SRCS) -lyaml

.PHONY: fuzz fuzz-now
fuzz fuzz-now: $(FUZZER)
	@mkdir -p $(B)/fuzz/corpus
	$(FUZZER) -max_total_time=$(FUZZ_SECONDS) -max_len=8192 -timeout=10 \
		-rss_limit_mb=2048 -artifact_prefix=$(B)/fuzz/ -print_final_stats=1 \
		$(B)/fuzz/corpus fuzz/corpus

# ---------------------------------------------------------------- main targets

.PHONY: all
all: $(MANIFEST_TOOL) manifests $(UNIT_TEST_BINS) $(SAMPLES_TEST) $(DEVICES_TEST) $(IMAGES_TEST) \
	$(FAULT_LAB_TEST) $(PLATFORM_TEST) $(MAILBOX_TEST) $(SPMSIM) \
	$(BENCH) $(NS_PROGRAMS) $(TARGET_CASES_HOST)

# The main job: the default scenario, a short story told by the spmsim
# command, with its trace in build/trace.json.
# Without spmsim's samples there is no demo: a project names its own.
RUN_SCENARIO ?= $(if $(SAMPLE_LISTS),scenarios/demo.yaml)
ifneq ($(filter run run-now,$(GOALS)),)
ifeq ($(strip $(RUN_SCENARIO)),)
$(error make run: no scenario to play: scenarios/demo.yaml needs spmsim's samples, which a build of your partitions leaves out; name yours in the project file (PROJECT_RUN_SCENARIO := FILE) or give RUN_SCENARIO=FILE, or build the samples in (SPMSIM_SAMPLES=yes))
endif
endif
.PHONY: run run-now
run run-now: $(SPMSIM)
	@$(SPMSIM) run --brief --trace $(B)/trace.json $(RUN_SCENARIO)
	@echo "trace: $(B)/trace.json (open it in https://ui.perfetto.dev or chrome://tracing)"

# Every test: the unit tests of both pointer widths, the tool checks and the
# build checks. tests/run prints the one summary line CI reads.
#
# The 32-bit stage is always built. On a kernel that cannot execute 32-bit
# x86 programs (no IA32 emulation: "Exec format error") its programs are not
# run: tests/run reports each of their cases skipped, with the reason on one
# line, and so do the tool checks and `make HOST_BITS=32 bench`.
# scripts/m32-exec.sh decides, by running a tiny build/m32 program once;
# SPMSIM_M32_EXEC=no (or yes) forces the answer, e.g. to try the "cannot"
# path on a machine that can.
.PHONY: test test-now
test: test-now

# The simulated system's test programs for the current HOST_BITS/SANITIZE.
SIM_TEST_BINS = $(SIM_TESTS:%=$(O)/tests/unit/%) $(SAMPLES_TEST) $(DEVICES_TEST) $(IMAGES_TEST) \
	$(FAULT_LAB_TEST) $(PLATFORM_TEST) $(MAILBOX_TEST)
SAN := address,undefined
SAN_O := $(VARIANT)/san-$(subst $(comma),-,$(SAN))

# The instrumented build also covers the host tools and their tests.
.PHONY: sim-tests
sim-tests: $(SIM_TEST_BINS) $(SPMSIM) $(if $(filter 32,$(HOST_BITS)),$(M32_PROBE)) \
	$(if $(strip $(SANITIZE)),$(HOST_TEST_BINS))

test-now:
	@$(MAKE) --no-print-directory all
	@$(MAKE) --no-print-directory TARGET_APP=test target-images
	@$(MAKE) --no-print-directory HOST_BITS=32 sim-tests
	@$(MAKE) --no-print-directory SANITIZE=$(SAN) sim-tests
	@tests/run $(HOST_TEST_BINS) $(SIM_TEST_BINS) \
		$(patsubst $(O)/%,$(VARIANT)/m32/%,$(SIM_TEST_BINS)) \
		$(patsubst $(HOST_O)/%,$(SAN_O)/%,$(HOST_TEST_BINS)) \
		$(patsubst $(O)/%,$(SAN_O)/%,$(SIM_TEST_BINS)) \
		tests/tools/test_*.sh

.PHONY: clean
clean:
	rm -rf $(B)

# ----------------------------------------------------------------- code health

FORMAT_FILES = $(shell git ls-files '*.c' '*.h' 2>/dev/null)

.PHONY: format check-format lint
format:
	clang-format -i $(FORMAT_FILES)
check-format:
	clang-format --dry-run --Werror $(FORMAT_FILES)
lint: manifests $(CONFIG_H)
	cppcheck --quiet --error-exitcode=1 --enable=warning,performance,portability \
		--inline-suppr -Iinclude -Ispm_core -Isim/include -Ibackends -Isim \
		-Itools/yaml \
		-Isim/irq_model -Isim/mpu_model -Iarch/pmsav8 -I$(O)/config \
		$(MANIFEST_SRCS) $(CORE_SRCS) $(SIM_LIB_SRCS:%.S=) $(wildcard sim/cli/*.c)

# ------------------------------------------------------- recorded settings
#
# The compiler and its flags, recorded like the rest (config_file), so that
# a change of CC, OPT or a switch that reaches the flags rebuilds every
# object they apply to, and a change of the link flags relinks.
$(eval $(call config_file,$(O)/flags,$$(CC) $$(SIM_CFLAGS)))
$(eval $(call config_file,$(O)/link-flags,$$(CC) $$(SIM_LDFLAGS)))
$(eval $(call config_file,$(HOST_O)/host/flags,$$(CC) $$(HOST_CFLAGS)))

# Only the goals that build write the recorded settings and read the
# compiler's dependency files, and only this build's: not those of the
# builds nested under it (build/m32/, build/san-*/, build/debug/).
ifneq ($(READ_SYSTEMS)$(filter $(TARGET_GOALS) $(TD)/%,$(MAKECMDGOALS)),)
$(write_configs)
endif
ifneq ($(READ_SYSTEMS),)
-include $(sort $(shell find $(O) $(HOST_O)/host \( -path '$(O)/m32' -o -path '$(O)/san-*' \
	-o -path '$(O)/debug' \) -prune -o -name '*.d' -print 2>/dev/null))
endif
