// @brief Reads a private data member of a Pistache class, for the few places 0.0.5 gives no
// public way to do what the server needs (see raw_query.cpp and header_guard.cpp).
//
// An explicit template instantiation may name private members ([temp.explicit]: access checking
// does not apply to the names in it), which lets PrivateMember<Tag, pointer> hand the member
// pointer out through a friend function. Each use declares a tag, in namespace starry::server
// (not an unnamed one: the friend Get() is defined there), with a name unique in the program:
//
//   struct ParserBuffer {
//     using type = ArrayStreamBuf<char> ParserBase::*;
//     friend type Get(ParserBuffer);
//   };
//   template struct PrivateMember<ParserBuffer, &ParserBase::buffer>;
//   ... parser.*Get(ParserBuffer{}) ...
//
// The member's type is spelled out in the tag, so a Pistache that changes it fails to compile.
#pragma once

namespace starry::server {

template <typename Tag, typename Tag::type kPointer>
struct PrivateMember {
  friend typename Tag::type Get(Tag) { return kPointer; }
};

}  // namespace starry::server
