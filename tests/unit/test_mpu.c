/*
 * The PMSAv8 MPU model (sim/mpu_model/mpu.c), alone: register decoding and
 * the 32-byte limit granularity, every AP x privilege x read/write case and
 * XN, overlapping regions faulting, the background region with and without
 * PRIVDEFENA, the default map's execute-never areas and the PPB, region
 * count limits, byte-wise range access against the cmse-style range check,
 * and the TT answers. Links mpu.c only.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "mpu.h"

#define SRAM 0x20000000u

#define expect_result(r, ok, why, reg)                                         \
	expect_result_at((r), (ok), (why), (reg), __FILE__, __LINE__)

/** Asserts every field that decides, reporting the caller's line. */
static void expect_result_at(struct mpu_result r, bool ok, enum mpu_fault why,
                             int reg, const char *file, int line)
{
	_assert_int_equal(r.allowed, ok, file, line);
	_assert_int_equal(r.fault, why, file, line);
	_assert_int_equal((unsigned)r.region, (unsigned)reg, file, line);
}

/** An MPU of @n regions, enabled with @ctrl's other bits. */
static struct mpu make_mpu(unsigned n, uint32_t ctrl)
{
	struct mpu mpu;

	assert_int_equal(mpu_init(&mpu, n), 0);
	mpu_set_ctrl(&mpu, ctrl);
	return mpu;
}

/** Sets region @n to @base .. @last (inclusive), enabled, attribute 0. */
static void set_region(struct mpu *mpu, unsigned n, uint32_t base,
                       uint32_t last, enum mpu_ap ap, bool xn)
{
	assert_int_equal(mpu_region_set(mpu, n,
	                                mpu_rbar(base, MPU_SH_NONE, ap, xn),
	                                mpu_rlar(last, 0, true)),
	                 0);
}

static void test_init_accepts_only_8_or_16(void **state)
{
	static const unsigned bad[] = {0, 1, 4, 7, 9, 12, 15, 17, 32};
	struct mpu mpu;

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_int_equal(mpu_init(&mpu, bad[i]), -1);
	memset(&mpu, 0xA5, sizeof(mpu));
	assert_int_equal(mpu_init(&mpu, 8), 0);
	assert_int_equal(mpu.n_regions, 8);
	assert_int_equal(mpu_ctrl(&mpu), 0);
	for (unsigned n = 0; n < MPU_MAX_REGIONS; n++)
		assert_int_equal(mpu.rlar[n] & MPU_RLAR_EN, 0);
	assert_int_equal(mpu_init(&mpu, 16), 0);
	assert_int_equal(mpu.n_regions, 16);
}

static void test_region_number_limits(void **state)
{
	struct mpu mpu8 = make_mpu(8, 0), mpu16 = make_mpu(16, 0);
	struct mpu_region out;

	(void)state;
	assert_int_equal(mpu_region_set(&mpu8, 7, SRAM, SRAM | 1), 0);
	assert_int_equal(mpu_region_set(&mpu8, 8, SRAM, SRAM | 1), -1);
	assert_int_equal(mpu_region_set(&mpu8, 15, SRAM, SRAM | 1), -1);
	assert_int_equal(mpu_region_decode(&mpu8, 8, &out), -1);
	assert_int_equal(mpu_region_set(&mpu16, 15, SRAM, SRAM | 1), 0);
	assert_int_equal(mpu_region_set(&mpu16, 16, SRAM, SRAM | 1), -1);
	assert_int_equal(mpu_region_decode(&mpu16, 15, &out), 0);
	assert_true(out.enabled);
	assert_int_equal(mpu_region_decode(&mpu16, 16, &out), -1);
}

static void test_decode_raw_registers(void **state)
{
	struct mpu mpu = make_mpu(8, 0);
	struct mpu_region r;

	(void)state;
	assert_int_equal(mpu_set_mair(&mpu, 1, 0x0000FF00u), 0);
	/* BASE 0x20001000, SH 0b11, AP 0b01, XN; LIMIT 0x20001FE0, attr 5. */
	assert_int_equal(mpu_region_set(&mpu, 2, 0x2000101Bu, 0x20001FEBu), 0);
	assert_int_equal(mpu_region_decode(&mpu, 2, &r), 0);
	assert_int_equal(r.rbar, 0x2000101Bu);
	assert_int_equal(r.rlar, 0x20001FEBu);
	assert_int_equal(r.base, 0x20001000u);
	assert_int_equal(r.limit, 0x20001FFFu);
	assert_int_equal(r.ap, MPU_AP_RW_ANY);
	assert_true(r.xn);
	assert_int_equal(r.sh, 3);
	assert_int_equal(r.attr_index, 5);
	assert_int_equal(r.attr, 0xFF);
	assert_true(r.enabled);

	/* AP 0b10, no XN, SH 0b10; disabled, attr 0; RES0 bit 4 dropped. */
	assert_int_equal(mpu_region_set(&mpu, 3, 0x00000014u, 0x00000010u), 0);
	assert_int_equal(mpu_region_decode(&mpu, 3, &r), 0);
	assert_int_equal(r.rlar, 0);
	assert_int_equal(r.base, 0);
	assert_int_equal(r.limit, 0x1F);
	assert_int_equal(r.ap, MPU_AP_RO_PRIV);
	assert_false(r.xn);
	assert_int_equal(r.sh, MPU_SH_OUTER);
	assert_int_equal(r.attr_index, 0);
	assert_false(r.enabled);
}

static void test_builders_match_the_register_layout(void **state)
{
	struct mpu mpu = make_mpu(8, 0);
	struct mpu_region r;

	(void)state;
	assert_int_equal(
	        mpu_rbar(0x20000123u, MPU_SH_INNER, MPU_AP_RO_ANY, true),
	        0x2000013Fu);
	assert_int_equal(
	        mpu_rbar(0x20000100u, MPU_SH_NONE, MPU_AP_RW_PRIV, false),
	        0x20000100u);
	assert_int_equal(mpu_rlar(0x2000FFFFu, 7, true), 0x2000FFEFu);
	assert_int_equal(mpu_rlar(0x2000FFE0u, 1, false), 0x2000FFE2u);
	for (unsigned ap = 0; ap < 4; ap++) {
		assert_int_equal(
		        mpu_region_set(&mpu, ap, mpu_rbar(SRAM, 0, ap, ap & 1),
		                       mpu_rlar(SRAM + 0x3F, ap, true)),
		        0);
		assert_int_equal(mpu_region_decode(&mpu, ap, &r), 0);
		assert_int_equal(r.ap, ap);
		assert_int_equal(r.xn, ap & 1);
		assert_int_equal(r.attr_index, ap);
		assert_int_equal(r.limit, SRAM + 0x3F);
	}
}

static void test_ctrl_and_mair(void **state)
{
	struct mpu mpu = make_mpu(8, 0xFFFFFFFFu);

	(void)state;
	assert_int_equal(mpu_ctrl(&mpu), MPU_CTRL_ENABLE | MPU_CTRL_HFNMIENA |
	                                         MPU_CTRL_PRIVDEFENA);
	assert_int_equal(mpu_set_mair(&mpu, 0, 0x44332211u), 0);
	assert_int_equal(mpu_set_mair(&mpu, 1, 0x88776655u), 0);
	assert_int_equal(mpu_set_mair(&mpu, 2, 0), -1);
	for (unsigned i = 0; i < 8; i++)
		assert_int_equal(mpu_mair_attr(&mpu, i), 0x11 * (i + 1));
}

static void test_limit_has_32_byte_granularity(void **state)
{
	struct mpu mpu = make_mpu(8, MPU_CTRL_ENABLE);

	(void)state;
	/* Limit field 0x20000000: the region is 0x20000000..0x2000001F. */
	assert_int_equal(mpu_region_set(&mpu, 0,
	                                mpu_rbar(SRAM, 0, MPU_AP_RW_ANY, false),
	                                SRAM | MPU_RLAR_EN),
	                 0);
	expect_result(mpu_access(&mpu, SRAM, MPU_ACCESS_READ, false), true,
	              MPU_FAULT_NONE, 0);
	expect_result(mpu_access(&mpu, SRAM + 0x1F, MPU_ACCESS_WRITE, false),
	              true, MPU_FAULT_NONE, 0);
	expect_result(mpu_access(&mpu, SRAM + 0x20, MPU_ACCESS_READ, false),
	              false, MPU_FAULT_NO_REGION, -1);
	expect_result(mpu_access(&mpu, SRAM - 1, MPU_ACCESS_READ, false), false,
	              MPU_FAULT_NO_REGION, -1);
	/* Base bits [4:0] are not address bits (SH, AP, XN live there). */
	assert_int_equal(mpu_region_set(&mpu, 0, (SRAM + 0x20) | 0x1E,
	                                (SRAM + 0x20) | MPU_RLAR_EN),
	                 0);
	expect_result(mpu_access(&mpu, SRAM + 0x20, MPU_ACCESS_READ, false),
	              true, MPU_FAULT_NONE, 0);
	expect_result(mpu_access(&mpu, SRAM + 0x1F, MPU_ACCESS_READ, false),
	              false, MPU_FAULT_NO_REGION, -1);
}

static void test_ap_privilege_read_write_matrix(void **state)
{
	/* [ap][privileged][write]: allowed? */
	static const bool allowed[4][2][2] = {
	        [MPU_AP_RW_PRIV] = {{false, false}, {true, true}},
	        [MPU_AP_RW_ANY] = {{true, true}, {true, true}},
	        [MPU_AP_RO_PRIV] = {{false, false}, {true, false}},
	        [MPU_AP_RO_ANY] = {{true, false}, {true, false}},
	};
	struct mpu mpu = make_mpu(8, MPU_CTRL_ENABLE | MPU_CTRL_PRIVDEFENA);

	(void)state;
	for (unsigned ap = 0; ap < 4; ap++) {
		set_region(&mpu, 1, SRAM, SRAM + 0xFFF, ap, false);
		for (unsigned priv = 0; priv < 2; priv++) {
			for (unsigned wr = 0; wr < 2; wr++) {
				bool ok = allowed[ap][priv][wr];
				enum mpu_access_kind kind =
				        wr ? MPU_ACCESS_WRITE : MPU_ACCESS_READ;

				expect_result(mpu_access(&mpu, SRAM + 0x800,
				                         kind, priv),
				              ok,
				              ok ? MPU_FAULT_NONE
				                 : MPU_FAULT_PERMISSION,
				              1);
			}
		}
	}
}

static void test_xn_and_execute(void **state)
{
	struct mpu mpu = make_mpu(8, MPU_CTRL_ENABLE);
	const uint32_t a = SRAM + 0x40;

	(void)state;
	set_region(&mpu, 0, SRAM, SRAM + 0xFF, MPU_AP_RW_ANY, true);
	for (unsigned priv = 0; priv < 2; priv++) {
		expect_result(mpu_access(&mpu, a, MPU_ACCESS_EXECUTE, priv),
		              false, MPU_FAULT_EXECUTE_NEVER, 0);
		expect_result(mpu_access(&mpu, a, MPU_ACCESS_READ, priv), true,
		              MPU_FAULT_NONE, 0);
	}
	set_region(&mpu, 0, SRAM, SRAM + 0xFF, MPU_AP_RO_ANY, false);
	for (unsigned priv = 0; priv < 2; priv++)
		expect_result(mpu_access(&mpu, a, MPU_ACCESS_EXECUTE, priv),
		              true, MPU_FAULT_NONE, 0);
	/* Fetching needs read permission first. */
	set_region(&mpu, 0, SRAM, SRAM + 0xFF, MPU_AP_RO_PRIV, false);
	expect_result(mpu_access(&mpu, a, MPU_ACCESS_EXECUTE, true), true,
	              MPU_FAULT_NONE, 0);
	expect_result(mpu_access(&mpu, a, MPU_ACCESS_EXECUTE, false), false,
	              MPU_FAULT_PERMISSION, 0);
}

static void test_system_space_never_executes_even_in_a_region(void **state)
{
	struct mpu mpu = make_mpu(8, MPU_CTRL_ENABLE);

	(void)state;
	set_region(&mpu, 0, 0xE0100000u, 0xE01FFFFFu, MPU_AP_RW_ANY, false);
	expect_result(mpu_access(&mpu, 0xE0100000u, MPU_ACCESS_READ, false),
	              true, MPU_FAULT_NONE, 0);
	expect_result(mpu_access(&mpu, 0xE0100000u, MPU_ACCESS_EXECUTE, true),
	              false, MPU_FAULT_EXECUTE_NEVER, 0);
	/* The same region below system space executes. */
	set_region(&mpu, 0, 0x60000000u, 0x600FFFFFu, MPU_AP_RW_ANY, false);
	expect_result(mpu_access(&mpu, 0x60000000u, MPU_ACCESS_EXECUTE, true),
	              true, MPU_FAULT_NONE, 0);
}

static void test_overlapping_regions_fault(void **state)
{
	struct mpu mpu = make_mpu(8, MPU_CTRL_ENABLE | MPU_CTRL_PRIVDEFENA);
	struct mpu_result r;

	(void)state;
	set_region(&mpu, 3, SRAM + 0x800, SRAM + 0x1FFF, MPU_AP_RW_ANY, false);
	set_region(&mpu, 0, SRAM, SRAM + 0xFFF, MPU_AP_RW_ANY, false);
	r = mpu_access(&mpu, SRAM + 0x900, MPU_ACCESS_READ, true);
	expect_result(r, false, MPU_FAULT_MULTIPLE_REGIONS, 0);
	assert_int_equal(r.other_region, 3);
	assert_int_equal(r.addr, SRAM + 0x900);
	assert_string_equal(mpu_fault_name(r.fault), "multiple regions");
	/* Outside the overlap each region decides alone. */
	r = mpu_access(&mpu, SRAM + 0x7FF, MPU_ACCESS_WRITE, false);
	expect_result(r, true, MPU_FAULT_NONE, 0);
	assert_int_equal(r.other_region, -1);
	expect_result(mpu_access(&mpu, SRAM + 0x1000, MPU_ACCESS_WRITE, false),
	              true, MPU_FAULT_NONE, 3);
	/* A disabled region takes no part. */
	assert_int_equal(mpu_region_set(&mpu, 3, mpu.rbar[3],
	                                mpu.rlar[3] & ~MPU_RLAR_EN),
	                 0);
	expect_result(mpu_access(&mpu, SRAM + 0x900, MPU_ACCESS_READ, true),
	              true, MPU_FAULT_NONE, 0);
}

static void test_background_region(void **state)
{
	struct mpu mpu = make_mpu(8, MPU_CTRL_ENABLE);
	const uint32_t a = 0x30000000u;

	(void)state;
	set_region(&mpu, 0, SRAM, SRAM + 0xFFF, MPU_AP_RW_ANY, false);
	expect_result(mpu_access(&mpu, a, MPU_ACCESS_READ, true), false,
	              MPU_FAULT_NO_REGION, -1);
	expect_result(mpu_access(&mpu, a, MPU_ACCESS_READ, false), false,
	              MPU_FAULT_NO_REGION, -1);
	mpu_set_ctrl(&mpu, MPU_CTRL_ENABLE | MPU_CTRL_PRIVDEFENA);
	expect_result(mpu_access(&mpu, a, MPU_ACCESS_WRITE, true), true,
	              MPU_FAULT_NONE, -1);
	expect_result(mpu_access(&mpu, a, MPU_ACCESS_EXECUTE, true), true,
	              MPU_FAULT_NONE, -1);
	for (unsigned k = MPU_ACCESS_READ; k <= MPU_ACCESS_EXECUTE; k++)
		expect_result(mpu_access(&mpu, a, k, false), false,
		              MPU_FAULT_NO_REGION, -1);
	/* The background keeps the default map's execute-never areas. */
	expect_result(mpu_access(&mpu, 0x40000000u, MPU_ACCESS_EXECUTE, true),
	              false, MPU_FAULT_EXECUTE_NEVER, -1);
	expect_result(mpu_access(&mpu, 0x40000000u, MPU_ACCESS_WRITE, true),
	              true, MPU_FAULT_NONE, -1);
}

static void test_disabled_mpu_uses_default_map(void **state)
{
	static const struct {
		uint32_t addr;
		bool executes;
	} map[] = {
	        {0x00000000u, true},  {0x1FFFFFFFu, true},
	        {0x3FFFFFFFu, true},  {0x40000000u, false},
	        {0x5FFFFFFFu, false}, {0x60000000u, true},
	        {0x9FFFFFFFu, true},  {0xA0000000u, false},
	        {0xBFFFFFFFu, false}, {0xC0000000u, false},
	        {0xDFFFFFFFu, false}, {0xE0100000u, false},
	        {0xFFFFFFFFu, false},
	};
	struct mpu mpu = make_mpu(8, MPU_CTRL_PRIVDEFENA);

	(void)state;
	/* A region that would refuse everything unprivileged is ignored. */
	set_region(&mpu, 0, SRAM, SRAM + 0xFFF, MPU_AP_RO_PRIV, true);
	expect_result(mpu_access(&mpu, SRAM, MPU_ACCESS_WRITE, false), true,
	              MPU_FAULT_NONE, -1);
	for (size_t i = 0; i < sizeof(map) / sizeof(map[0]); i++) {
		for (unsigned priv = 0; priv < 2; priv++) {
			bool x = map[i].executes;

			expect_result(
			        mpu_access(&mpu, map[i].addr,
			                   MPU_ACCESS_EXECUTE, priv),
			        x, x ? MPU_FAULT_NONE : MPU_FAULT_EXECUTE_NEVER,
			        -1);
			expect_result(mpu_access(&mpu, map[i].addr,
			                         MPU_ACCESS_WRITE, priv),
			              true, MPU_FAULT_NONE, -1);
		}
	}
}

static void test_ppb_bypasses_the_mpu(void **state)
{
	struct mpu mpu = make_mpu(8, MPU_CTRL_ENABLE);
	const uint32_t scb = 0xE000ED00u;

	(void)state;
	/* No region and no PRIVDEFENA: the PPB is still reachable. */
	expect_result(mpu_access(&mpu, scb, MPU_ACCESS_WRITE, true), true,
	              MPU_FAULT_NONE, -1);
	expect_result(mpu_access(&mpu, 0xE00FFFFFu, MPU_ACCESS_READ, true),
	              true, MPU_FAULT_NONE, -1);
	expect_result(mpu_access(&mpu, 0xE0100000u, MPU_ACCESS_READ, true),
	              false, MPU_FAULT_NO_REGION, -1);
	/* A region granting everything does not open it to unprivileged code.
	 */
	set_region(&mpu, 0, 0xE0000000u, 0xE00FFFFFu, MPU_AP_RW_ANY, false);
	expect_result(mpu_access(&mpu, scb, MPU_ACCESS_READ, false), false,
	              MPU_FAULT_PPB_UNPRIVILEGED, -1);
	expect_result(mpu_access(&mpu, scb, MPU_ACCESS_EXECUTE, true), false,
	              MPU_FAULT_EXECUTE_NEVER, -1);
	mpu_set_ctrl(&mpu, 0);
	expect_result(mpu_access(&mpu, scb, MPU_ACCESS_WRITE, false), false,
	              MPU_FAULT_PPB_UNPRIVILEGED, -1);
}

static void test_limit_below_base_never_matches(void **state)
{
	struct mpu mpu = make_mpu(8, MPU_CTRL_ENABLE);

	(void)state;
	set_region(&mpu, 0, SRAM + 0x1000, SRAM, MPU_AP_RW_ANY, false);
	expect_result(mpu_access(&mpu, SRAM + 0x10, MPU_ACCESS_READ, false),
	              false, MPU_FAULT_NO_REGION, -1);
	expect_result(mpu_access(&mpu, SRAM + 0x1000, MPU_ACCESS_READ, false),
	              false, MPU_FAULT_NO_REGION, -1);
	expect_result(
	        mpu_range_access(&mpu, SRAM, 0x2000, MPU_ACCESS_READ, false),
	        false, MPU_FAULT_NO_REGION, -1);
}

static void test_sixteen_regions_all_decide(void **state)
{
	struct mpu mpu = make_mpu(16, MPU_CTRL_ENABLE);

	(void)state;
	for (unsigned n = 0; n < 16; n++)
		set_region(&mpu, n, SRAM + n * 0x100, SRAM + n * 0x100 + 0xFF,
		           MPU_AP_RW_ANY, false);
	for (unsigned n = 0; n < 16; n++)
		expect_result(mpu_access(&mpu, SRAM + n * 0x100 + 0x80,
		                         MPU_ACCESS_READ, false),
		              true, MPU_FAULT_NONE, (int)n);
	expect_result(
	        mpu_range_access(&mpu, SRAM, 0x1000, MPU_ACCESS_WRITE, false),
	        true, MPU_FAULT_NONE, 0);
	expect_result(
	        mpu_range_access(&mpu, SRAM, 0x1001, MPU_ACCESS_WRITE, false),
	        false, MPU_FAULT_NO_REGION, -1);
}

static void test_range_spanning_two_equal_regions(void **state)
{
	struct mpu mpu = make_mpu(8, MPU_CTRL_ENABLE);
	struct mpu_result r;

	(void)state;
	set_region(&mpu, 0, SRAM, SRAM + 0xFF, MPU_AP_RW_ANY, false);
	set_region(&mpu, 1, SRAM + 0x100, SRAM + 0x1FF, MPU_AP_RW_ANY, false);
	r = mpu_range_access(&mpu, SRAM + 0xF0, 0x20, MPU_ACCESS_WRITE, false);
	expect_result(r, true, MPU_FAULT_NONE, 0);
	r = mpu_range_check(&mpu, SRAM + 0xF0, 0x20, MPU_ACCESS_WRITE, false);
	expect_result(r, false, MPU_FAULT_RANGE_CROSSES_REGIONS, -1);
	assert_int_equal(r.addr, SRAM + 0x10F);
	/* Within one region both agree. */
	expect_result(mpu_range_check(&mpu, SRAM + 0x100, 0x100,
	                              MPU_ACCESS_WRITE, false),
	              true, MPU_FAULT_NONE, 1);
	expect_result(
	        mpu_range_check(&mpu, SRAM + 0xFF, 1, MPU_ACCESS_READ, false),
	        true, MPU_FAULT_NONE, 0);
}

static void test_range_access_reports_first_bad_byte(void **state)
{
	struct mpu mpu = make_mpu(8, MPU_CTRL_ENABLE);
	struct mpu_result r;

	(void)state;
	set_region(&mpu, 0, SRAM, SRAM + 0xFF, MPU_AP_RW_ANY, false);
	set_region(&mpu, 1, SRAM + 0x100, SRAM + 0x1FF, MPU_AP_RO_ANY, false);
	r = mpu_range_access(&mpu, SRAM, 0x200, MPU_ACCESS_WRITE, false);
	expect_result(r, false, MPU_FAULT_PERMISSION, 1);
	assert_int_equal(r.addr, SRAM + 0x100);
	expect_result(
	        mpu_range_access(&mpu, SRAM, 0x200, MPU_ACCESS_READ, false),
	        true, MPU_FAULT_NONE, 0);
	r = mpu_range_access(&mpu, SRAM + 0x1F0, 0x11, MPU_ACCESS_READ, false);
	expect_result(r, false, MPU_FAULT_NO_REGION, -1);
	assert_int_equal(r.addr, SRAM + 0x200);
	expect_result(
	        mpu_range_access(&mpu, SRAM, 0x100, MPU_ACCESS_WRITE, false),
	        true, MPU_FAULT_NONE, 0);
	/* Size 0 touches nothing, even where every access would fault. */
	expect_result(
	        mpu_range_access(&mpu, 0x30000000u, 0, MPU_ACCESS_WRITE, false),
	        true, MPU_FAULT_NONE, -1);
}

static void test_range_access_sees_an_overlap_inside(void **state)
{
	struct mpu mpu = make_mpu(8, MPU_CTRL_ENABLE);
	struct mpu_result r;

	(void)state;
	set_region(&mpu, 0, SRAM, SRAM + 0xFFF, MPU_AP_RW_ANY, false);
	set_region(&mpu, 1, SRAM + 0x800, SRAM + 0x8FF, MPU_AP_RW_ANY, false);
	r = mpu_range_access(&mpu, SRAM, 0x1000, MPU_ACCESS_READ, false);
	expect_result(r, false, MPU_FAULT_MULTIPLE_REGIONS, 0);
	assert_int_equal(r.other_region, 1);
	assert_int_equal(r.addr, SRAM + 0x800);
	/* The range check, like cmse_check_address_range(), looks only at
	 * the two ends, which agree. */
	expect_result(
	        mpu_range_check(&mpu, SRAM, 0x1000, MPU_ACCESS_READ, false),
	        true, MPU_FAULT_NONE, 0);
}

static void test_range_walks_default_map_areas(void **state)
{
	struct mpu mpu = make_mpu(8, MPU_CTRL_ENABLE | MPU_CTRL_PRIVDEFENA);
	struct mpu_result r;

	(void)state;
	r = mpu_range_access(&mpu, 0, 0x80000000u, MPU_ACCESS_EXECUTE, true);
	expect_result(r, false, MPU_FAULT_EXECUTE_NEVER, -1);
	assert_int_equal(r.addr, 0x40000000u);
	expect_result(
	        mpu_range_access(&mpu, 0, 0x80000000u, MPU_ACCESS_READ, true),
	        true, MPU_FAULT_NONE, -1);
	/* Both ends executable background, the middle not. */
	r = mpu_range_check(&mpu, 0x3FFFFF00u, 0x20000200u, MPU_ACCESS_EXECUTE,
	                    true);
	expect_result(r, false, MPU_FAULT_EXECUTE_NEVER, -1);
	assert_int_equal(r.addr, 0x40000000u);
	expect_result(mpu_range_check(&mpu, 0x3FFFFF00u, 0x20000200u,
	                              MPU_ACCESS_WRITE, true),
	              true, MPU_FAULT_NONE, -1);
	/* The PPB's end, inside system space, is a run edge too. */
	mpu_set_ctrl(&mpu, MPU_CTRL_ENABLE);
	r = mpu_range_access(&mpu, 0xE00FFF00u, 0x200, MPU_ACCESS_READ, true);
	expect_result(r, false, MPU_FAULT_NO_REGION, -1);
	assert_int_equal(r.addr, 0xE0100000u);
}

static void test_range_at_the_top_and_wrapping(void **state)
{
	struct mpu mpu = make_mpu(8, MPU_CTRL_ENABLE);
	struct mpu_result r;

	(void)state;
	set_region(&mpu, 0, 0xFFFFFF00u, 0xFFFFFFFFu, MPU_AP_RW_ANY, true);
	expect_result(mpu_range_access(&mpu, 0xFFFFFF00u, 0x100,
	                               MPU_ACCESS_WRITE, false),
	              true, MPU_FAULT_NONE, 0);
	expect_result(mpu_range_check(&mpu, 0xFFFFFF00u, 0x100,
	                              MPU_ACCESS_WRITE, false),
	              true, MPU_FAULT_NONE, 0);
	r = mpu_range_access(&mpu, 0xFFFFFF00u, 0x101, MPU_ACCESS_READ, false);
	expect_result(r, false, MPU_FAULT_RANGE_WRAP, -1);
	assert_int_equal(r.addr, 0xFFFFFF00u);
	expect_result(
	        mpu_range_check(&mpu, 0xFFFFFFFFu, 2, MPU_ACCESS_READ, false),
	        false, MPU_FAULT_RANGE_WRAP, -1);
	expect_result(
	        mpu_range_access(&mpu, 0x100, SIZE_MAX, MPU_ACCESS_READ, true),
	        false, MPU_FAULT_RANGE_WRAP, -1);
	expect_result(
	        mpu_range_check(&mpu, 0x100, SIZE_MAX, MPU_ACCESS_READ, true),
	        false, MPU_FAULT_RANGE_WRAP, -1);
}

static void test_range_check_permissions(void **state)
{
	struct mpu mpu = make_mpu(8, MPU_CTRL_ENABLE | MPU_CTRL_PRIVDEFENA);
	struct mpu_result r;

	(void)state;
	set_region(&mpu, 0, SRAM, SRAM + 0xFFF, MPU_AP_RO_ANY, false);
	set_region(&mpu, 1, SRAM + 0x1000, SRAM + 0x1FFF, MPU_AP_RW_PRIV, true);
	expect_result(
	        mpu_range_check(&mpu, SRAM, 0x1000, MPU_ACCESS_READ, false),
	        true, MPU_FAULT_NONE, 0);
	r = mpu_range_check(&mpu, SRAM + 0x10, 0x10, MPU_ACCESS_WRITE, false);
	expect_result(r, false, MPU_FAULT_PERMISSION, 0);
	assert_int_equal(r.addr, SRAM + 0x10);
	expect_result(
	        mpu_range_check(&mpu, SRAM, 0x1000, MPU_ACCESS_EXECUTE, false),
	        true, MPU_FAULT_NONE, 0);
	expect_result(mpu_range_check(&mpu, SRAM + 0x1000, 0x10,
	                              MPU_ACCESS_READ, false),
	              false, MPU_FAULT_PERMISSION, 1);
	expect_result(mpu_range_check(&mpu, SRAM + 0x1000, 0x10,
	                              MPU_ACCESS_WRITE, true),
	              true, MPU_FAULT_NONE, 1);
	expect_result(mpu_range_check(&mpu, SRAM + 0x1000, 0x10,
	                              MPU_ACCESS_EXECUTE, true),
	              false, MPU_FAULT_EXECUTE_NEVER, 1);
	/* Background: both ends agree; the privilege decides. */
	expect_result(mpu_range_check(&mpu, 0x30000000u, 0x100,
	                              MPU_ACCESS_WRITE, true),
	              true, MPU_FAULT_NONE, -1);
	expect_result(mpu_range_check(&mpu, 0x30000000u, 0x100, MPU_ACCESS_READ,
	                              false),
	              false, MPU_FAULT_NO_REGION, -1);
	/* Leaving a region for the background changes TT's answer. */
	expect_result(mpu_range_check(&mpu, SRAM - 0x80, 0x100, MPU_ACCESS_READ,
	                              true),
	              false, MPU_FAULT_RANGE_CROSSES_REGIONS, -1);
	expect_result(mpu_range_access(&mpu, SRAM - 0x80, 0x100,
	                               MPU_ACCESS_READ, true),
	              true, MPU_FAULT_NONE, -1);
	/* Size 0 passes, as the FF-M memory check requires. */
	expect_result(
	        mpu_range_check(&mpu, 0x30000000u, 0, MPU_ACCESS_WRITE, false),
	        true, MPU_FAULT_NONE, -1);
}

/** Asserts TT's MPU fields and their TT_RESP encoding. */
static void expect_tt(struct mpu_tt tt, bool valid, unsigned region, bool r,
                      bool rw, uint32_t resp)
{
	assert_int_equal(tt.region_valid, valid);
	assert_int_equal(tt.region, region);
	assert_int_equal(tt.read, r);
	assert_int_equal(tt.readwrite, rw);
	assert_int_equal(tt.resp, resp);
}

static void test_tt(void **state)
{
	struct mpu mpu = make_mpu(8, 0);

	(void)state;
	set_region(&mpu, 5, SRAM, SRAM + 0xFFF, MPU_AP_RO_ANY, false);
	set_region(&mpu, 2, SRAM + 0x1000, SRAM + 0x1FFF, MPU_AP_RW_PRIV,
	           false);
	set_region(&mpu, 7, SRAM + 0x1800, SRAM + 0x18FF, MPU_AP_RW_ANY, false);
	/* MPU off: no region, the default map allows reads and writes. */
	expect_tt(mpu_tt(&mpu, SRAM, true), false, 0, true, true, 0x000C0000u);
	expect_tt(mpu_tt(&mpu, SRAM, false), false, 0, true, true, 0x000C0000u);

	mpu_set_ctrl(&mpu, MPU_CTRL_ENABLE);
	expect_tt(mpu_tt(&mpu, SRAM + 4, true), true, 5, true, false,
	          0x00050005u);
	expect_tt(mpu_tt(&mpu, SRAM + 4, false), true, 5, true, false,
	          0x00050005u);
	expect_tt(mpu_tt(&mpu, SRAM + 0x1000, true), true, 2, true, true,
	          0x000D0002u);
	expect_tt(mpu_tt(&mpu, SRAM + 0x1000, false), true, 2, false, false,
	          0x00010002u);
	/* Overlap: no valid region, no access. */
	expect_tt(mpu_tt(&mpu, SRAM + 0x1800, true), false, 0, false, false, 0);
	/* No hit: background for privileged with PRIVDEFENA only. */
	expect_tt(mpu_tt(&mpu, 0x30000000u, true), false, 0, false, false, 0);
	mpu_set_ctrl(&mpu, MPU_CTRL_ENABLE | MPU_CTRL_PRIVDEFENA);
	expect_tt(mpu_tt(&mpu, 0x30000000u, true), false, 0, true, true,
	          0x000C0000u);
	expect_tt(mpu_tt(&mpu, 0x30000000u, false), false, 0, false, false, 0);
	/* The PPB is outside the MPU: readable and writable at its level. */
	expect_tt(mpu_tt(&mpu, 0xE000ED00u, false), false, 0, true, true,
	          0x000C0000u);
}

static void test_fault_names(void **state)
{
	(void)state;
	assert_string_equal(mpu_fault_name(MPU_FAULT_NONE), "allowed");
	assert_string_equal(mpu_fault_name(MPU_FAULT_NO_REGION), "no region");
	assert_string_equal(mpu_fault_name(MPU_FAULT_PERMISSION), "permission");
	assert_string_equal(mpu_fault_name(MPU_FAULT_EXECUTE_NEVER),
	                    "execute-never");
	assert_string_equal(mpu_fault_name(MPU_FAULT_PPB_UNPRIVILEGED),
	                    "unprivileged PPB access");
	assert_string_equal(mpu_fault_name(MPU_FAULT_RANGE_WRAP),
	                    "range wraps");
	assert_string_equal(mpu_fault_name(MPU_FAULT_RANGE_CROSSES_REGIONS),
	                    "range crosses regions");
	assert_string_equal(mpu_fault_name((enum mpu_fault)99), "unknown");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_init_accepts_only_8_or_16),
	        cmocka_unit_test(test_region_number_limits),
	        cmocka_unit_test(test_decode_raw_registers),
	        cmocka_unit_test(test_builders_match_the_register_layout),
	        cmocka_unit_test(test_ctrl_and_mair),
	        cmocka_unit_test(test_limit_has_32_byte_granularity),
	        cmocka_unit_test(test_ap_privilege_read_write_matrix),
	        cmocka_unit_test(test_xn_and_execute),
	        cmocka_unit_test(
	                test_system_space_never_executes_even_in_a_region),
	        cmocka_unit_test(test_overlapping_regions_fault),
	        cmocka_unit_test(test_background_region),
	        cmocka_unit_test(test_disabled_mpu_uses_default_map),
	        cmocka_unit_test(test_ppb_bypasses_the_mpu),
	        cmocka_unit_test(test_limit_below_base_never_matches),
	        cmocka_unit_test(test_sixteen_regions_all_decide),
	        cmocka_unit_test(test_range_spanning_two_equal_regions),
	        cmocka_unit_test(test_range_access_reports_first_bad_byte),
	        cmocka_unit_test(test_range_access_sees_an_overlap_inside),
	        cmocka_unit_test(test_range_walks_default_map_areas),
	        cmocka_unit_test(test_range_at_the_top_and_wrapping),
	        cmocka_unit_test(test_range_check_permissions),
	        cmocka_unit_test(test_tt),
	        cmocka_unit_test(test_fault_names),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
