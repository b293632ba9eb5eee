//! The one declaration of each manifest object: [`object!`] turns a struct written once, each
//! field with its JSON name, presence, default and doc, into everything that reads, writes and
//! describes it.
//!
//! From one declaration come: the struct and its `Default`; its JSON field names and which are
//! required (the decoder refuses any other name, with a did-you-mean); decoding
//! ([`super::decode::Decode`]); the compact form, field by field in declaration order
//! ([`super::compact`]); its JSON Schema object with every field's type, limits, default and
//! description ([`super::schema`]), from which `manifest.schema.json` and the field tables of
//! `docs/manifest.md` are generated; and the visitor-facing texts it holds, which the validator
//! checks. Adding a field is one row, plus the code that uses it.
//!
//! A row reads `/// doc` then `field: RustType = "json_name", PRESENCE`, optionally followed by
//! `[text]` (a visitor-facing [`super::Text`], checked for the default language) and by
//! `=> TYPE` (its schema type, when the Rust type's own is too loose: a pattern, a range), then
//! optionally `, skip_form` (the compact form leaves it out and reads it back as its default:
//! for what the small gate never reads) or `, in_form` (the default, for macros that pass one
//! through), and `;`. PRESENCE is one of:
//!
//! * `required`: must be given;
//! * `default(EXPR)`: left out means EXPR (also the schema's `default`);
//! * `nullable`: an `Option`; left out or `null` means `None`;
//! * `absent`: an `Option`; left out means `None`, `null` is refused.

/// Declares a manifest object once; see the module documentation.
macro_rules! object {
    (
        $(#[doc = $sdoc:literal])*
        #[object($name:literal)]
        $(#[$meta:meta])*
        pub struct $ty:ident {
            $(
                $(#[doc = $doc:literal])*
                $field:ident : $fty:ty = $json:expr, $presence:ident $(($default:expr))?
                    $([$flag:ident])? $(=> $schema:expr)? $(, $form:ident)? ;
            )*
        }
        $(stand_in = $stand:expr;)?
        $(finish = $finish:path;)?
    ) => {
        $(#[doc = $sdoc])*
        $(#[$meta])*
        pub struct $ty {
            $( $(#[doc = $doc])* pub $field: $fty, )*
        }

        impl Default for $ty {
            fn default() -> Self {
                $ty { $( $field: object!(@default $presence $(($default))?), )* }
            }
        }

        impl $ty {
            /// Its JSON field names, in declaration order.
            pub const FIELDS: &'static [&'static str] = &[$($json),*];
            /// Whether each of [`Self::FIELDS`] must be given.
            pub const REQUIRED: &'static [bool] = &[$(object!(@required $presence)),*];

            /// Its description in the JSON Schema, with every field.
            pub const OBJECT: $crate::manifest::schema::Object = $crate::manifest::schema::Object {
                name: $name,
                doc: concat!($($sdoc),*),
                fields: &[$(
                    $crate::manifest::schema::Field {
                        name: $json,
                        ty: object!(@schema $fty $(, $schema)?),
                        required: object!(@required $presence),
                        nullable: object!(@nullable $presence),
                        default: object!(@schema_default $fty, $presence $(($default))?),
                        doc: concat!($($doc),*),
                    }
                ),*],
            };

            /// Calls `f` with every visitor-facing text it holds, by JSON field name.
            #[allow(unused_variables, unused_mut)]
            pub fn each_text<'a>(&'a self, mut f: impl FnMut(&'static str, &'a $crate::manifest::Text)) {
                $( object!(@text $($flag)?; self f $json, $field); )*
            }
        }

        impl $crate::manifest::schema::Typed for $ty {
            const TYPE: $crate::manifest::schema::Type = $crate::manifest::schema::Type::Object($name);
        }

        impl $crate::manifest::decode::Decode for $ty {
            const EXPECTED: &'static str = "an object";
            fn decode<R: $crate::manifest::Report>(
                d: &mut $crate::manifest::decode::Decoder<'_, R>,
                node: &$crate::manifest::json::Node,
                path: $crate::manifest::Path,
            ) -> Option<Self> {
                let o = d.object(node, path, Self::FIELDS, Self::REQUIRED)?;
                let mut v = Self::default();
                $(
                    if let Some(x) = object!(@decode $presence d o path $json, $fty,
                        object!(@schema $fty $(, $schema)?)) {
                        v.$field = x;
                    }
                )*
                $(let v = $finish(v);)?
                Some(v)
            }
            $(fn stand_in() -> Self { $stand })?
        }

        impl $crate::manifest::compact::Compact for $ty {
            #[allow(unused_variables)]
            fn put(&self, w: &mut $crate::manifest::compact::Writer) {
                $( object!(@put $($form)?; self.$field, w); )*
            }
            #[allow(unused_variables)]
            fn take(r: &mut $crate::manifest::compact::Reader) -> Option<Self> {
                // Fields are read in the order written, which is the order `put` wrote them,
                // into a default value: a form that stops short drops that one value, not each
                // field read so far (which the gate build would carry code for, per field).
                let mut v = Self::default();
                $( object!(@take $($form)?; v.$field, r); )*
                Some(v)
            }
        }

        impl $crate::manifest::schema::Encode for $ty {
            #[allow(clippy::vec_init_then_push)] // one push per declared field, some conditional
            fn encode(&self) -> $crate::manifest::schema::Json {
                let mut out = Vec::new();
                $( object!(@encode $presence out $json, self.$field); )*
                $crate::manifest::schema::Json::Obj(out)
            }
        }
    };

    (@put skip_form; $value:expr, $w:ident) => {};
    (@put $(in_form)?; $value:expr, $w:ident) => { $crate::manifest::compact::Compact::put(&$value, $w) };
    (@take skip_form; $place:expr, $r:ident) => {};
    (@take $(in_form)?; $place:expr, $r:ident) => { $place = $crate::manifest::compact::Compact::take($r)? };

    (@default default($e:expr)) => { $e };
    (@default $other:ident) => { Default::default() };

    (@required required) => { true };
    (@required $other:ident $(($e:expr))?) => { false };

    (@nullable nullable) => { true };
    (@nullable $other:ident $(($e:expr))?) => { false };

    (@schema $fty:ty, $schema:expr) => { $schema };
    (@schema $fty:ty) => { <$fty as $crate::manifest::schema::Typed>::TYPE };

    (@schema_default $fty:ty, default($e:expr)) => {
        Some(|| {
            let v: $fty = $e;
            $crate::manifest::schema::Encode::encode(&v)
        })
    };
    (@schema_default $fty:ty, nullable) => { Some(|| $crate::manifest::schema::Json::Null) };
    (@schema_default $fty:ty, $other:ident) => { None };

    (@decode absent $d:ident $o:ident $path:ident $json:expr, $fty:ty, $ty:expr) => {
        match $o.get($json) {
            Some(n) if matches!(n.value, $crate::manifest::json::Value::Null) => {
                $d.wrong_type(n, $path.key($json), <$fty as $crate::manifest::decode::Decode>::EXPECTED);
                None
            }
            Some(n) => <$fty as $crate::manifest::decode::Decode>::decode_as($d, n, $path.key($json), &$ty),
            None => None,
        }
    };
    (@decode $other:ident $d:ident $o:ident $path:ident $json:expr, $fty:ty, $ty:expr) => {
        match $o.get($json) {
            Some(n) => <$fty as $crate::manifest::decode::Decode>::decode_as($d, n, $path.key($json), &$ty),
            None => None,
        }
    };

    (@encode absent $out:ident $json:expr, $value:expr) => {
        if $value.is_some() {
            $out.push(($json.into(), $crate::manifest::schema::Encode::encode(&$value)));
        }
    };
    (@encode $other:ident $out:ident $json:expr, $value:expr) => {
        $out.push(($json.into(), $crate::manifest::schema::Encode::encode(&$value)));
    };

    (@text text; $s:ident $f:ident $json:expr, $field:ident) => {
        if let Some(t) = $crate::manifest::localized::AsText::as_text(&$s.$field) {
            $f($json, t);
        }
    };
    (@text ; $s:ident $f:ident $json:expr, $field:ident) => {};
}

/// Declares an enum that JSON writes as one of a few strings, once: the enum, its default (the
/// first variant), decoding with a did-you-mean, its compact form (its position) and its schema.
macro_rules! json_enum {
    (
        $(#[doc = $sdoc:literal])*
        pub enum $ty:ident {
            $( $(#[doc = $doc:literal])* $variant:ident = $json:literal, )+
        }
    ) => {
        $(#[doc = $sdoc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
        pub enum $ty {
            #[default]
            $( $(#[doc = $doc])* $variant, )+
        }

        impl $ty {
            /// Every variant, in declaration order.
            pub const ALL: &'static [$ty] = &[$($ty::$variant),+];
            /// The JSON names of [`Self::ALL`].
            pub const NAMES: &'static [&'static str] = &[$($json),+];

            /// The name JSON writes it as.
            pub fn name(self) -> &'static str {
                match self { $($ty::$variant => $json,)+ }
            }
        }

        impl $crate::manifest::schema::Typed for $ty {
            const TYPE: $crate::manifest::schema::Type =
                $crate::manifest::schema::Type::Enum(Self::NAMES);
        }

        impl $crate::manifest::decode::Decode for $ty {
            const EXPECTED: &'static str = "a string";
            fn decode<R: $crate::manifest::Report>(
                d: &mut $crate::manifest::decode::Decoder<'_, R>,
                node: &$crate::manifest::json::Node,
                path: $crate::manifest::Path,
            ) -> Option<Self> {
                d.choice(node, path, Self::NAMES).and_then(|i| Self::ALL.get(i).copied())
            }
        }

        impl $crate::manifest::compact::Compact for $ty {
            fn put(&self, w: &mut $crate::manifest::compact::Writer) {
                w.number(Self::ALL.iter().position(|v| v == self).unwrap_or(0));
            }
            fn take(r: &mut $crate::manifest::compact::Reader) -> Option<Self> {
                Self::ALL.get(r.number()?).copied()
            }
        }

        impl $crate::manifest::schema::Encode for $ty {
            fn encode(&self) -> $crate::manifest::schema::Json {
                $crate::manifest::schema::Json::str(self.name())
            }
        }
    };
}

pub(crate) use {json_enum, object};
