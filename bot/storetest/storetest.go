// Package storetest is the conformance suite for [bot.Store]
// implementations. A store package runs it from its own tests:
//
//	func TestConformance(t *testing.T) {
//		storetest.Run(t, func(t *testing.T) bot.Store {
//			db := openTestDB(t) // closed with t.Cleanup
//			return db
//		})
//	}
//
// Each subtest checks one clause of the contract documented on [bot.Store]
// and [bot.Tx], on a fresh empty store. Where the contract says "id order",
// the suite expects the byte order of [bot.MemberID.String] for members and
// of the ids themselves for rounds and outbox entries.
package storetest

import (
	"testing"

	"github.com/rete-bot/rete/bot"
)

// Run runs the conformance suite. open must return a new, empty store for
// each call and release it when t ends (t.Cleanup).
func Run(t *testing.T, open func(t *testing.T) bot.Store) {
	tests := []struct {
		name string
		fn   func(t *testing.T, s bot.Store)
	}{
		{"MemberRoundTrip", testMemberRoundTrip},
		{"NotFound", testNotFound},
		{"MembersOrder", testMembersOrder},
		{"MembersEarlyStop", testMembersEarlyStop},
		{"MembersWithSkill", testMembersWithSkill},
		{"MembersWithSkillEarlyStop", testMembersWithSkillEarlyStop},
		{"Skills", testSkills},
		{"SkillIndexFollowsUpdates", testSkillIndexFollowsUpdates},
		{"SkillIndexReadModifyWrite", testSkillIndexReadModifyWrite},
		{"HandleLookup", testHandleLookup},
		{"HandleChange", testHandleChange},
		{"DeleteMember", testDeleteMember},
		{"Settings", testSettings},
		{"CommunitiesIsolated", testCommunitiesIsolated},
		{"UpdateFnError", testUpdateFnError},
		{"UpdateReadsOwnWrites", testUpdateReadsOwnWrites},
		{"WritesInsideViewFail", testWritesInsideViewFail},
		{"ViewSnapshot", testViewSnapshot},
		{"ConcurrentUpdates", testConcurrentUpdates},
		{"MemberCopied", testMemberCopied},
		{"RoundRoundTrip", testRoundRoundTrip},
		{"RoundsOrder", testRoundsOrder},
		{"BigRoundStaged", testBigRoundStaged},
		{"BigRoundEdits", testBigRoundEdits},
		{"State", testState},
		{"OutboxRoundTrip", testOutboxRoundTrip},
		{"OutboxLifecycle", testOutboxLifecycle},
		{"OutboxAtomic", testOutboxAtomic},
		{"OutboxRemoveEntry", testOutboxRemoveEntry},
		{"OutboxDue", testOutboxDue},
		{"OutboxDueFollowsWrites", testOutboxDueFollowsWrites},
		{"OutboxDueMoves", testOutboxDueMoves},
		{"RoundAndOutboxWritesInsideViewFail", testRoundAndOutboxWritesInsideViewFail},
		{"EventRoundTrip", testEventRoundTrip},
		{"EventsOrder", testEventsOrder},
		{"EventByID", testEventByID},
		{"IntroRoundTrip", testIntroRoundTrip},
		{"IntroCounts", testIntroCounts},
		{"NextID", testNextID},
		{"Memberships", testMemberships},
		{"Choice", testChoice},
		{"Spaces", testSpaces},
		{"EmptySpaceRefused", testEmptySpaceRefused},
		{"MoveSpace", testMoveSpace},
		{"MoveSpaceBigRound", testMoveSpaceBigRound},
		{"Tokens", testTokens},
		{"LinkedAccounts", testLinkedAccounts},
		{"LinkCodes", testLinkCodes},
		{"RenameMember", testRenameMember},
		{"RenameMemberLongHistory", testRenameMemberLongHistory},
		{"Snapshots", testSnapshots},
		{"RoundSummaries", testRoundSummaries},
		{"RoundGroups", testRoundGroups},
		{"RoundGroupEdits", testRoundGroupEdits},
		{"RoundGroupOf", testRoundGroupOf},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) { tc.fn(t, open(t)) })
	}
}
