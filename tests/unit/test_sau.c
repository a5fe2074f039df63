/*
 * The SAU model (sim/mpu_model/sau.c), alone: register decoding, the
 * attribution of a disabled SAU with and without ALLNS, Non-secure and
 * Non-secure callable regions at 32-byte granularity, overlapping regions
 * answering Secure, byte ranges sharing one attribute or mixed, an IDAU
 * whose more secure answer wins, and the architecture's exempt addresses.
 * Links sau.c only.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "sau.h"

/** An SAU of @n regions with @ctrl written. */
static struct sau make_sau(unsigned n, uint32_t ctrl)
{
	struct sau sau;

	assert_int_equal(sau_init(&sau, n), 0);
	sau_set_ctrl(&sau, ctrl);
	return sau;
}

/** Sets region @n to @base .. @last (inclusive), enabled. */
static void set_region(struct sau *sau, unsigned n, uint32_t base,
                       uint32_t last, bool nsc)
{
	assert_int_equal(sau_region_set(sau, n, sau_rbar(base),
	                                sau_rlar(last, nsc, true)),
	                 0);
}

static void test_init_and_reset_state(void **state)
{
	struct sau sau;

	(void)state;
	assert_int_equal(sau_init(&sau, SAU_MAX_REGIONS + 1), -1);
	assert_int_equal(sau_init(&sau, 0), 0);
	assert_int_equal(sau_region_set(&sau, 0, 0, 1), -1);
	assert_int_equal(sau_init(&sau, 8), 0);
	assert_int_equal(sau.n_regions, 8);
	assert_int_equal(sau_ctrl(&sau), 0);
	assert_null(sau.idau);
	assert_int_equal(sau_attribute(&sau, 0), SAU_SECURE);
	assert_int_equal(sau_attribute(&sau, 0xFFFFFFFFu), SAU_SECURE);
	sau_set_ctrl(&sau, 0xFFFFFFFFu);
	assert_int_equal(sau_ctrl(&sau), SAU_CTRL_ENABLE | SAU_CTRL_ALLNS);
}

static void test_region_number_limits(void **state)
{
	struct sau sau = make_sau(4, 0);
	struct sau_region r;

	(void)state;
	assert_int_equal(sau_region_set(&sau, 3, 0, 1), 0);
	assert_int_equal(sau_region_set(&sau, 4, 0, 1), -1);
	assert_int_equal(sau_region_decode(&sau, 3, &r), 0);
	assert_true(r.enabled);
	assert_int_equal(sau_region_decode(&sau, 4, &r), -1);
}

static void test_decode_raw_registers(void **state)
{
	struct sau sau = make_sau(8, 0);
	struct sau_region r;

	(void)state;
	/* RES0 bits ([4:0] of RBAR, [4:2] of RLAR) are dropped. */
	assert_int_equal(sau_region_set(&sau, 6, 0x0020001Fu, 0x003FFFFFu), 0);
	assert_int_equal(sau_region_decode(&sau, 6, &r), 0);
	assert_int_equal(r.rbar, 0x00200000u);
	assert_int_equal(r.rlar, 0x003FFFE3u);
	assert_int_equal(r.base, 0x00200000u);
	assert_int_equal(r.limit, 0x003FFFFFu);
	assert_true(r.nsc);
	assert_true(r.enabled);
	assert_int_equal(sau_region_set(&sau, 6, 0x00200000u, 0x003FFFE0u), 0);
	assert_int_equal(sau_region_decode(&sau, 6, &r), 0);
	assert_false(r.nsc);
	assert_false(r.enabled);
}

static void test_builders(void **state)
{
	(void)state;
	assert_int_equal(sau_rbar(0x10000123u), 0x10000120u);
	assert_int_equal(sau_rlar(0x1000FFFFu, true, true), 0x1000FFE3u);
	assert_int_equal(sau_rlar(0x1000FFFFu, false, true), 0x1000FFE1u);
	assert_int_equal(sau_rlar(0x1000FFFFu, true, false), 0x1000FFE2u);
}

static void test_disabled_sau_and_allns(void **state)
{
	static const uint32_t addrs[] = {0, 0x00200000u, 0x20000000u,
	                                 0xFFFFFFFFu};
	struct sau sau = make_sau(8, 0);
	struct sau_info info;

	(void)state;
	/* An enabled region means nothing while the SAU is off. */
	set_region(&sau, 0, 0x00200000u, 0x003FFFFFu, false);
	for (size_t i = 0; i < sizeof(addrs) / sizeof(addrs[0]); i++) {
		sau_set_ctrl(&sau, 0);
		assert_int_equal(sau_attribute(&sau, addrs[i]), SAU_SECURE);
		sau_set_ctrl(&sau, SAU_CTRL_ALLNS);
		info = sau_lookup(&sau, addrs[i]);
		assert_int_equal(info.attr, SAU_NON_SECURE);
		assert_int_equal(info.region, -1);
		assert_int_equal(info.idau_region, -1);
	}
}

static void test_enabled_sau_regions(void **state)
{
	struct sau sau = make_sau(8, SAU_CTRL_ENABLE);
	struct sau_info info;

	(void)state;
	set_region(&sau, 0, 0x00200000u, 0x003FFFFFu, false);
	set_region(&sau, 5, 0x10000000u, 0x1000001Fu, true);
	info = sau_lookup(&sau, 0x00200000u);
	assert_int_equal(info.attr, SAU_NON_SECURE);
	assert_int_equal(info.region, 0);
	assert_int_equal(sau_attribute(&sau, 0x003FFFFFu), SAU_NON_SECURE);
	assert_int_equal(sau_attribute(&sau, 0x00400000u), SAU_SECURE);
	assert_int_equal(sau_attribute(&sau, 0x001FFFFFu), SAU_SECURE);
	info = sau_lookup(&sau, 0x1000001Fu);
	assert_int_equal(info.attr, SAU_NON_SECURE_CALLABLE);
	assert_int_equal(info.region, 5);
	info = sau_lookup(&sau, 0x10000020u);
	assert_int_equal(info.attr, SAU_SECURE);
	assert_int_equal(info.region, -1);
	/* ALLNS only matters while the SAU is off. */
	sau_set_ctrl(&sau, SAU_CTRL_ENABLE | SAU_CTRL_ALLNS);
	assert_int_equal(sau_attribute(&sau, 0x20000000u), SAU_SECURE);
	assert_int_equal(sau_attribute(&sau, 0x00300000u), SAU_NON_SECURE);
}

static void test_limit_has_32_byte_granularity(void **state)
{
	struct sau sau = make_sau(8, SAU_CTRL_ENABLE);

	(void)state;
	assert_int_equal(sau_region_set(&sau, 0, 0x20000000u,
	                                0x20000000u | SAU_RLAR_ENABLE),
	                 0);
	assert_int_equal(sau_attribute(&sau, 0x20000000u), SAU_NON_SECURE);
	assert_int_equal(sau_attribute(&sau, 0x2000001Fu), SAU_NON_SECURE);
	assert_int_equal(sau_attribute(&sau, 0x20000020u), SAU_SECURE);
	assert_int_equal(sau_attribute(&sau, 0x1FFFFFFFu), SAU_SECURE);
}

static void test_overlapping_regions_answer_secure(void **state)
{
	struct sau sau = make_sau(8, SAU_CTRL_ENABLE);
	struct sau_info info;
	unsigned a = 99, b = 99;

	(void)state;
	set_region(&sau, 1, 0x00200000u, 0x002FFFFFu, false);
	set_region(&sau, 2, 0x00300000u, 0x003FFFFFu, true);
	assert_false(sau_find_overlap(&sau, &a, &b));
	assert_int_equal(a, 99);
	set_region(&sau, 6, 0x002FFFE0u, 0x0030001Fu, false);
	info = sau_lookup(&sau, 0x002FFFF0u);
	assert_int_equal(info.attr, SAU_SECURE);
	assert_int_equal(info.region, -1);
	assert_int_equal(sau_attribute(&sau, 0x00300000u), SAU_SECURE);
	assert_int_equal(sau_attribute(&sau, 0x002FFFDFu), SAU_NON_SECURE);
	assert_int_equal(sau_attribute(&sau, 0x00300020u),
	                 SAU_NON_SECURE_CALLABLE);
	assert_true(sau_find_overlap(&sau, &a, &b));
	assert_int_equal(a, 1);
	assert_int_equal(b, 6);
	assert_true(sau_find_overlap(&sau, NULL, NULL));
	/* Disabled regions overlap nothing. */
	assert_int_equal(sau_region_set(&sau, 6, sau.rbar[6],
	                                sau.rlar[6] & ~SAU_RLAR_ENABLE),
	                 0);
	assert_false(sau_find_overlap(&sau, &a, &b));
	assert_int_equal(sau_attribute(&sau, 0x002FFFF0u), SAU_NON_SECURE);
}

static void test_range_attribute(void **state)
{
	struct sau sau = make_sau(8, SAU_CTRL_ENABLE);

	(void)state;
	set_region(&sau, 0, 0x00200000u, 0x002FFFFFu, false);
	set_region(&sau, 1, 0x00300000u, 0x003FFFFFu, false);
	set_region(&sau, 2, 0x10000000u, 0x1000003Fu, true);
	assert_int_equal(sau_range_attribute(&sau, 0x00200000u, 0x100000u),
	                 SAU_NON_SECURE);
	/* Two regions, one attribute. */
	assert_int_equal(sau_range_attribute(&sau, 0x00200000u, 0x200000u),
	                 SAU_NON_SECURE);
	assert_int_equal(sau_range_attribute(&sau, 0x00200000u, 0x200001u),
	                 SAU_MIXED);
	assert_int_equal(sau_range_attribute(&sau, 0x001FFFFFu, 2), SAU_MIXED);
	assert_int_equal(sau_range_attribute(&sau, 0x10000000u, 0x40),
	                 SAU_NON_SECURE_CALLABLE);
	assert_int_equal(sau_range_attribute(&sau, 0x10000000u, 0x41),
	                 SAU_MIXED);
	assert_int_equal(sau_range_attribute(&sau, 0x20000000u, 0x1000),
	                 SAU_SECURE);
	assert_int_equal(sau_range_attribute(&sau, 0x10000020u, 0),
	                 SAU_NON_SECURE_CALLABLE);
	assert_int_equal(sau_range_attribute(&sau, 0xFFFFFFFFu, 1), SAU_SECURE);
	assert_int_equal(sau_range_attribute(&sau, 0xFFFFFFFFu, 2), SAU_MIXED);
	sau_set_ctrl(&sau, SAU_CTRL_ALLNS);
	assert_int_equal(sau_range_attribute(&sau, 0, 0xFFFFFFFFu),
	                 SAU_NON_SECURE);
	/* All Non-secure, yet a range past the top is not one range. */
	assert_int_equal(sau_range_attribute(&sau, 0xFFFFFFF0u, 0x20),
	                 SAU_MIXED);
}

/* A board's IDAU: 0x0C000000-0x0FFFFFFF NSC (region 2), 0x10000000-
 * 0x1FFFFFFF Secure (region 3), everything else Non-secure (region 1). */
struct idau_board {
	unsigned calls;
	bool raise_limit;
	bool lower_limit;
};

static enum sau_attr board_idau(void *ctx, uint32_t addr, int *region,
                                uint32_t *limit)
{
	struct idau_board *board = ctx;
	uint32_t area = addr >> 26;

	board->calls++;
	if (board->lower_limit)
		*limit = 0;
	else if (board->raise_limit)
		*limit = addr | 0x03FFFFFFu;
	if (area == 3) {
		*region = 2;
		return SAU_NON_SECURE_CALLABLE;
	}
	if (area >= 4 && area < 8) {
		*region = 3;
		if (board->raise_limit)
			*limit = 0x1FFFFFFFu;
		return SAU_SECURE;
	}
	*region = 1;
	return SAU_NON_SECURE;
}

static void test_idau_more_secure_answer_wins(void **state)
{
	struct sau sau = make_sau(8, SAU_CTRL_ENABLE);
	struct idau_board board = {0, false, false};
	struct sau_info info;

	(void)state;
	set_region(&sau, 0, 0x00000000u, 0x0FFFFFFFu, false);
	set_region(&sau, 1, 0x10000000u, 0x1000001Fu, false);
	set_region(&sau, 2, 0x20000000u, 0x2000001Fu, true);
	sau_set_idau(&sau, board_idau, &board);
	info = sau_lookup(&sau, 0x00100000u);
	assert_int_equal(info.attr, SAU_NON_SECURE);
	assert_int_equal(info.region, 0);
	assert_int_equal(info.idau_region, 1);
	info = sau_lookup(&sau, 0x0C000000u);
	assert_int_equal(info.attr, SAU_NON_SECURE_CALLABLE);
	assert_int_equal(info.idau_region, 2);
	info = sau_lookup(&sau, 0x10000000u);
	assert_int_equal(info.attr, SAU_SECURE);
	assert_int_equal(info.region, 1);
	assert_int_equal(info.idau_region, 3);
	assert_int_equal(sau_attribute(&sau, 0x20000000u),
	                 SAU_NON_SECURE_CALLABLE);
	assert_int_equal(sau_attribute(&sau, 0x30000000u), SAU_SECURE);
	/* ALLNS opens only what the IDAU leaves open. */
	sau_set_ctrl(&sau, SAU_CTRL_ALLNS);
	assert_int_equal(sau_attribute(&sau, 0x30000000u), SAU_NON_SECURE);
	assert_int_equal(sau_attribute(&sau, 0x18000000u), SAU_SECURE);
	assert_int_equal(sau_attribute(&sau, 0x0C000000u),
	                 SAU_NON_SECURE_CALLABLE);
	assert_true(board.calls > 0);
	sau_set_idau(&sau, NULL, NULL);
	assert_int_equal(sau_attribute(&sau, 0x18000000u), SAU_NON_SECURE);
	assert_int_equal(sau_lookup(&sau, 0x18000000u).idau_region, -1);
}

static void test_idau_limit_bounds_range_walks(void **state)
{
	struct sau sau = make_sau(8, SAU_CTRL_ALLNS);
	struct idau_board board = {0, true, false};

	(void)state;
	sau_set_idau(&sau, board_idau, &board);
	assert_int_equal(sau_range_attribute(&sau, 0x10000000u, 0x10000000u),
	                 SAU_SECURE);
	assert_true(board.calls <= 2);
	board.calls = 0;
	assert_int_equal(sau_range_attribute(&sau, 0x0FFFFF00u, 0x200),
	                 SAU_MIXED);
	assert_int_equal(board.calls, 2);
	/* Left at the 32-byte granule, the walk asks once per block. */
	board = (struct idau_board){0, false, false};
	assert_int_equal(sau_range_attribute(&sau, 0x20000000u, 0x1000),
	                 SAU_NON_SECURE);
	assert_int_equal(board.calls, 0x1000 / 32);
	board.calls = 0;
	assert_int_equal(sau_range_attribute(&sau, 0x0BFFFFE0u, 0x40),
	                 SAU_MIXED);
	assert_int_equal(board.calls, 2);
	/* An IDAU lowering the limit cannot stall the walk. */
	board = (struct idau_board){0, false, true};
	assert_int_equal(sau_range_attribute(&sau, 0x20000000u, 0x100),
	                 SAU_NON_SECURE);
	assert_int_equal(board.calls, 0x100 / 32);
}

static void test_exempt_addresses(void **state)
{
	(void)state;
	assert_true(sau_is_exempt(0xE0000000u));
	assert_true(sau_is_exempt(0xE0002FFFu));
	assert_false(sau_is_exempt(0xE0003000u));
	assert_true(sau_is_exempt(0xE000ED00u));
	assert_false(sau_is_exempt(0xE000F000u));
	assert_true(sau_is_exempt(0xE002ED00u));
	assert_true(sau_is_exempt(0xE0040000u));
	assert_true(sau_is_exempt(0xE0041FFFu));
	assert_false(sau_is_exempt(0xE0042000u));
	assert_false(sau_is_exempt(0xE00FEFFFu));
	assert_true(sau_is_exempt(0xE00FFFFFu));
	assert_false(sau_is_exempt(0xE0100000u));
	assert_false(sau_is_exempt(0x20000000u));
}

static void test_attr_names(void **state)
{
	(void)state;
	assert_string_equal(sau_attr_name(SAU_SECURE), "secure");
	assert_string_equal(sau_attr_name(SAU_NON_SECURE), "non-secure");
	assert_string_equal(sau_attr_name(SAU_NON_SECURE_CALLABLE),
	                    "non-secure callable");
	assert_string_equal(sau_attr_name(SAU_MIXED), "mixed");
	assert_string_equal(sau_attr_name((enum sau_attr)42), "unknown");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_init_and_reset_state),
	        cmocka_unit_test(test_region_number_limits),
	        cmocka_unit_test(test_decode_raw_registers),
	        cmocka_unit_test(test_builders),
	        cmocka_unit_test(test_disabled_sau_and_allns),
	        cmocka_unit_test(test_enabled_sau_regions),
	        cmocka_unit_test(test_limit_has_32_byte_granularity),
	        cmocka_unit_test(test_overlapping_regions_answer_secure),
	        cmocka_unit_test(test_range_attribute),
	        cmocka_unit_test(test_idau_more_secure_answer_wins),
	        cmocka_unit_test(test_idau_limit_bounds_range_walks),
	        cmocka_unit_test(test_exempt_addresses),
	        cmocka_unit_test(test_attr_names),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
