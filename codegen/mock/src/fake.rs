//! Realistic leaf values without annotations. [`Generator::for_field`] reads
//! a field's name (`email`, `avatarUrl`, `createdAt`, `price`, …), the type
//! that has it (a person's `name` is a full name, a company's a company
//! name) and its scalar or enum type once, when the schema is built; [`Generator::generate`]
//! then draws a value from the `fake` crate with a seeded generator, so the
//! same seed gives the same value.

use async_graphql::{Name, Value};
use chrono::{DateTime, Utc};
use fake::Fake;
use fake::faker::{
    address, company, currency, filesystem, internet, job, lorem, name, phone_number,
};
use rand::RngExt;
use rand::rngs::ChaCha8Rng;

/// What kind of value a leaf field gets.
#[derive(Debug, Clone, PartialEq)]
pub enum Generator {
    Enum(Vec<Name>),
    Boolean,
    Count,
    Integer,
    Year,
    Age,
    Price,
    Rating,
    Percent,
    Float,
    Latitude,
    Longitude,
    Email,
    Username,
    FullName,
    FirstName,
    LastName,
    Title,
    Summary,
    Body,
    Url,
    ImageUrl,
    Phone,
    City,
    Country,
    CountryCode,
    Street,
    ZipCode,
    Company,
    JobTitle,
    Words,
    Slug,
    Color,
    DateTime,
    Date,
    Time,
    Uuid,
    Ip,
    UserAgent,
    Version,
    Locale,
    Currency,
    ObjectId,
    Token,
    Json,
    Html,
    Markdown,
    Path,
    MimeType,
    /// A scalar nothing else explains: a short plausible string.
    Plain,
}

/// Start of the window dates are drawn from: 2023-01-01T00:00:00Z.
const EPOCH: i64 = 1_672_531_200;
/// Three years, in seconds.
const SPAN: i64 = 3 * 365 * 24 * 3600;

impl Generator {
    /// The generator for a field named `field` of the type `owner`, of
    /// scalar type `scalar` (`enum_values` when the type is an enum).
    pub fn for_field(
        owner: &str,
        field: &str,
        scalar: &str,
        enum_values: Option<&[String]>,
    ) -> Generator {
        if let Some(values) = enum_values {
            return Generator::Enum(values.iter().map(Name::new).collect());
        }
        let words = words(field);
        let owner = self::words(owner);
        let last = words.last().map_or("", String::as_str);
        match scalar {
            "Boolean" => Generator::Boolean,
            "Int" => integer(&words, last),
            "Float" => float(&words, last),
            "String" | "ID" => by_name(&words, last, &owner).unwrap_or(Generator::Words),
            custom => by_scalar(custom)
                .or_else(|| by_name(&words, last, &owner))
                .unwrap_or(Generator::Plain),
        }
    }

    pub fn generate(&self, rng: &mut ChaCha8Rng) -> Value {
        use Generator as G;
        let text = |s: String| Value::String(s);
        match self {
            G::Enum(values) if values.is_empty() => Value::Null,
            G::Enum(values) => Value::Enum(values[rng.random_range(0..values.len())].clone()),
            G::Boolean => Value::Boolean(rng.random_bool(0.5)),
            G::Count => Value::from(rng.random_range(0..=500)),
            G::Integer => Value::from(rng.random_range(1..=100)),
            G::Year => Value::from(rng.random_range(1990..=2025)),
            G::Age => Value::from(rng.random_range(18..=90)),
            G::Price => Value::from(f64::from(rng.random_range(100..=99_999)) / 100.0),
            G::Rating => Value::from(f64::from(rng.random_range(10..=50)) / 10.0),
            G::Percent => Value::from(f64::from(rng.random_range(0..=1000)) / 10.0),
            G::Float => Value::from(f64::from(rng.random_range(0..=100_000)) / 100.0),
            G::Latitude => Value::from(f64::from(rng.random_range(-90_000..=90_000)) / 1000.0),
            G::Longitude => Value::from(f64::from(rng.random_range(-180_000..=180_000)) / 1000.0),
            G::Email => text(internet::en::SafeEmail().fake_with_rng(rng)),
            G::Username => text(internet::en::Username().fake_with_rng(rng)),
            G::FullName => text(name::en::Name().fake_with_rng(rng)),
            G::FirstName => text(name::en::FirstName().fake_with_rng(rng)),
            G::LastName => text(name::en::LastName().fake_with_rng(rng)),
            G::Title => text(capitalized(lorem::en::Words(2..6).fake_with_rng(rng))),
            G::Summary => text(lorem::en::Sentence(6..14).fake_with_rng(rng)),
            G::Body => text(lorem::en::Paragraph(2..4).fake_with_rng(rng)),
            G::Url => text(url(rng)),
            G::ImageUrl => text(format!(
                "https://picsum.photos/seed/{}/400/300",
                rng.random_range(1..100_000)
            )),
            G::Phone => text(phone_number::en::PhoneNumber().fake_with_rng(rng)),
            G::City => text(address::en::CityName().fake_with_rng(rng)),
            G::Country => text(address::en::CountryName().fake_with_rng(rng)),
            G::CountryCode => text(address::en::CountryCode().fake_with_rng(rng)),
            G::Street => text(format!(
                "{} {}",
                address::en::BuildingNumber().fake_with_rng::<String, _>(rng),
                address::en::StreetName().fake_with_rng::<String, _>(rng)
            )),
            G::ZipCode => text(address::en::ZipCode().fake_with_rng(rng)),
            G::Company => text(company::en::CompanyName().fake_with_rng(rng)),
            G::JobTitle => text(job::en::Title().fake_with_rng(rng)),
            G::Words => text(capitalized(lorem::en::Words(1..4).fake_with_rng(rng))),
            G::Slug => text(
                lorem::en::Words(2..4)
                    .fake_with_rng::<Vec<String>, _>(rng)
                    .join("-"),
            ),
            G::Color => text(format!("#{:06x}", rng.random_range(0..0x100_0000))),
            G::DateTime => text(datetime(rng).to_rfc3339_opts(chrono::SecondsFormat::Secs, true)),
            G::Date => text(datetime(rng).format("%Y-%m-%d").to_string()),
            G::Time => text(datetime(rng).format("%H:%M:%S").to_string()),
            G::Uuid => text(uuid(rng)),
            G::Ip => text(internet::en::IPv4().fake_with_rng(rng)),
            G::UserAgent => text(internet::en::UserAgent().fake_with_rng(rng)),
            G::Version => text(filesystem::en::Semver().fake_with_rng(rng)),
            G::Locale => text(
                ["en-US", "en-GB", "fr-FR", "de-DE", "ja-JP", "pt-BR"][rng.random_range(0..6)]
                    .into(),
            ),
            G::Currency => text(currency::en::CurrencyCode().fake_with_rng(rng)),
            G::ObjectId => text(hex(rng, 40)),
            G::Token => text(hex(rng, 32)),
            G::Json => {
                let mut object = async_graphql::indexmap::IndexMap::new();
                object.insert(Name::new("id"), Value::from(rng.random_range(1..1000)));
                object.insert(
                    Name::new("name"),
                    text(lorem::en::Word().fake_with_rng(rng)),
                );
                object.insert(Name::new("active"), Value::Boolean(rng.random_bool(0.5)));
                Value::Object(object)
            }
            G::Html => text(format!(
                "<p>{}</p>",
                lorem::en::Sentence(6..14).fake_with_rng::<String, _>(rng)
            )),
            G::Markdown => text(format!(
                "**{}**",
                lorem::en::Sentence(6..14).fake_with_rng::<String, _>(rng)
            )),
            G::Path => text(filesystem::en::FilePath().fake_with_rng(rng)),
            G::MimeType => text(filesystem::en::MimeType().fake_with_rng(rng)),
            G::Plain => text(lorem::en::Word().fake_with_rng(rng)),
        }
    }
}

/// `avatarURL` → `["avatar", "url"]`, `created_at` → `["created", "at"]`.
fn words(field: &str) -> Vec<String> {
    let mut words: Vec<String> = Vec::new();
    let mut previous_lower = false;
    for c in field.chars() {
        if c == '_' || c == '-' {
            previous_lower = false;
            words.push(String::new());
            continue;
        }
        if c.is_uppercase() && previous_lower || words.is_empty() {
            words.push(String::new());
        }
        previous_lower = c.is_lowercase() || c.is_ascii_digit();
        if let Some(word) = words.last_mut() {
            word.extend(c.to_lowercase());
        }
    }
    words.retain(|w| !w.is_empty());
    words
}

/// The `name` of an object of a type named `owner`.
fn bare_name(owner: &[String]) -> Generator {
    if has(owner, PEOPLE) {
        Generator::FullName
    } else if has(owner, COMPANIES) {
        Generator::Company
    } else if has(
        owner,
        &[
            "repository",
            "repo",
            "project",
            "package",
            "branch",
            "tag",
            "topic",
            "file",
        ],
    ) {
        Generator::Slug
    } else {
        Generator::Title
    }
}

const COMPANIES: &[&str] = &[
    "company",
    "organization",
    "org",
    "business",
    "enterprise",
    "team",
    "brand",
    "shop",
    "store",
];

/// Types whose `name` is a person's.
const PEOPLE: &[&str] = &[
    "user",
    "person",
    "people",
    "author",
    "owner",
    "member",
    "customer",
    "employee",
    "profile",
    "account",
    "contact",
    "actor",
    "seller",
    "buyer",
    "character",
    "student",
    "teacher",
    "patient",
    "driver",
    "artist",
];

fn has(words: &[String], any: &[&str]) -> bool {
    words.iter().any(|w| any.contains(&w.as_str()))
}

fn integer(words: &[String], last: &str) -> Generator {
    match last {
        "year" => Generator::Year,
        "age" => Generator::Age,
        "price" | "amount" | "cost" | "cents" => Generator::Price,
        _ if has(
            words,
            &[
                "count", "total", "number", "num", "size", "views", "likes", "votes",
            ],
        ) =>
        {
            Generator::Count
        }
        _ => Generator::Integer,
    }
}

fn float(words: &[String], last: &str) -> Generator {
    match last {
        "price" | "amount" | "cost" | "total" | "balance" | "salary" => Generator::Price,
        "rating" | "score" | "stars" => Generator::Rating,
        "percent" | "percentage" | "ratio" | "rate" => Generator::Percent,
        "lat" | "latitude" => Generator::Latitude,
        "lng" | "lon" | "long" | "longitude" => Generator::Longitude,
        _ if has(words, &["price", "amount"]) => Generator::Price,
        _ => Generator::Float,
    }
}

/// What a text field's name (in `words`) says it holds; a bare `name` says
/// what the type that has it (`owner`) is.
fn by_name(words: &[String], last: &str, owner: &[String]) -> Option<Generator> {
    use Generator as G;
    let first = words.first().map_or("", String::as_str);
    Some(match last {
        "email" | "mail" => G::Email,
        "username" | "login" | "handle" | "nickname" | "nick" | "screenname" => G::Username,
        "firstname" => G::FirstName,
        "lastname" | "surname" => G::LastName,
        "name" if first == "first" || first == "given" => G::FirstName,
        "name" if first == "last" || first == "family" => G::LastName,
        "name" if words.len() == 1 => bare_name(owner),
        "name" if first == "user" => G::Username,
        "name" if has(words, COMPANIES) => G::Company,
        "name" | "author" | "owner" | "fullname" => G::FullName,
        "title" | "headline" | "subject" | "label" | "caption" => G::Title,
        "description" | "summary" | "excerpt" | "message" | "comment" | "note" | "reason"
        | "bio" => G::Summary,
        "body" | "text" | "content" | "about" => G::Body,
        "html" => G::Html,
        "markdown" | "md" => G::Markdown,
        "avatar" | "image" | "photo" | "picture" | "thumbnail" | "logo" | "icon" | "banner" => {
            G::ImageUrl
        }
        "url" | "uri" | "link" | "href" | "website" | "homepage" | "permalink" | "site"
            if has(
                words,
                &[
                    "avatar",
                    "image",
                    "photo",
                    "picture",
                    "thumbnail",
                    "logo",
                    "icon",
                ],
            ) =>
        {
            G::ImageUrl
        }
        "url" | "uri" | "link" | "href" | "website" | "homepage" | "permalink" | "site" => G::Url,
        "phone" | "mobile" | "tel" | "telephone" | "fax" => G::Phone,
        "city" | "town" => G::City,
        "country" if has(words, &["code"]) => G::CountryCode,
        "country" => G::Country,
        "street" | "address" | "line1" | "line2" => G::Street,
        "zip" | "zipcode" | "postcode" | "postal" => G::ZipCode,
        "code" if has(words, &["zip", "postal", "post"]) => G::ZipCode,
        "code" if has(words, &["country"]) => G::CountryCode,
        "code" if has(words, &["currency"]) => G::Currency,
        "company" | "organization" | "employer" => G::Company,
        "job" | "position" | "occupation" | "role" if !has(words, &["id"]) => G::JobTitle,
        "slug" => G::Slug,
        "color" | "colour" => G::Color,
        "at" | "on" | "date" | "time" | "timestamp" | "datetime" | "created" | "updated"
        | "modified" | "published" | "deleted" | "expires" | "expiry" => {
            if last == "date" && !has(words, &["time"]) {
                G::Date
            } else {
                G::DateTime
            }
        }
        "uuid" | "guid" => G::Uuid,
        "ip" | "ipv4" => G::Ip,
        "agent" => G::UserAgent,
        "version" | "semver" => G::Version,
        "locale" | "language" | "lang" => G::Locale,
        "currency" => G::Currency,
        "sha" | "oid" | "hash" | "digest" | "checksum" => G::ObjectId,
        "token" | "secret" | "password" | "key" | "cursor" | "signature" => G::Token,
        "path" | "filename" | "file" => G::Path,
        "mime" | "mimetype" => G::MimeType,
        "type" if has(words, &["mime", "content"]) => G::MimeType,
        "id" => G::Uuid,
        _ => return None,
    })
}

/// What a custom scalar's name says it holds.
fn by_scalar(scalar: &str) -> Option<Generator> {
    use Generator as G;
    let lower = scalar.to_ascii_lowercase();
    let is = |parts: &[&str]| parts.iter().any(|p| lower.contains(p));
    Some(match lower.as_str() {
        "date" | "localdate" => G::Date,
        "time" | "localtime" => G::Time,
        "json" | "jsonobject" | "genericscalar" | "jsonstring" | "object" | "any" | "map" => {
            G::Json
        }
        "uuid" | "guid" => G::Uuid,
        "html" => G::Html,
        "email" | "emailaddress" => G::Email,
        _ if is(&["datetime", "timestamp", "instant"]) => G::DateTime,
        _ if is(&["date"]) => G::Date,
        _ if is(&["uri", "url"]) => G::Url,
        _ if is(&["email"]) => G::Email,
        _ if is(&["objectid", "oid", "sha", "hash"]) => G::ObjectId,
        _ if is(&["json"]) => G::Json,
        _ if is(&["decimal", "money", "currencyamount"]) => G::Price,
        _ if is(&["color", "colour"]) => G::Color,
        _ if is(&["html"]) => G::Html,
        _ if is(&["markdown"]) => G::Markdown,
        _ if is(&["phone"]) => G::Phone,
        _ if is(&["version"]) => G::Version,
        _ if is(&["locale", "language"]) => G::Locale,
        _ if is(&["bigint", "long", "int"]) => G::Count,
        _ => return None,
    })
}

fn capitalized(words: Vec<String>) -> String {
    let joined = words.join(" ");
    let mut chars = joined.chars();
    chars
        .next()
        .map_or_else(String::new, |c| c.to_uppercase().chain(chars).collect())
}

fn url(rng: &mut ChaCha8Rng) -> String {
    let domain: String = lorem::en::Word().fake_with_rng(rng);
    let suffix: String = internet::en::DomainSuffix().fake_with_rng(rng);
    let path: Vec<String> = lorem::en::Words(1..3).fake_with_rng(rng);
    format!("https://{domain}.{suffix}/{}", path.join("-"))
}

fn datetime(rng: &mut ChaCha8Rng) -> DateTime<Utc> {
    DateTime::from_timestamp(EPOCH + rng.random_range(0..SPAN), 0).unwrap_or_default()
}

fn hex(rng: &mut ChaCha8Rng, len: usize) -> String {
    (0..len)
        .map(|_| char::from_digit(rng.random_range(0..16), 16).unwrap_or('0'))
        .collect()
}

fn uuid(rng: &mut ChaCha8Rng) -> String {
    let h = hex(rng, 32);
    format!(
        "{}-{}-4{}-a{}-{}",
        &h[..8],
        &h[8..12],
        &h[13..16],
        &h[17..20],
        &h[20..]
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_choose_generators() {
        let g = |field: &str, scalar: &str| Generator::for_field("User", field, scalar, None);
        assert_eq!(g("email", "String"), Generator::Email);
        assert_eq!(g("avatarUrl", "URI"), Generator::Url);
        assert_eq!(g("avatarUrl", "String"), Generator::ImageUrl);
        assert_eq!(g("createdAt", "DateTime"), Generator::DateTime);
        assert_eq!(g("created_at", "String"), Generator::DateTime);
        assert_eq!(g("username", "String"), Generator::Username);
        assert_eq!(g("price", "Float"), Generator::Price);
        assert_eq!(g("totalCount", "Int"), Generator::Count);
        assert_eq!(g("payload", "GenericScalar"), Generator::Json);
        assert_eq!(g("whatever", "Frobnicator"), Generator::Plain);
        assert_eq!(g("name", "String"), Generator::FullName);
        assert_eq!(g("firstName", "String"), Generator::FirstName);
        let name_of = |owner: &str| Generator::for_field(owner, "name", "String", None);
        assert_eq!(name_of("Organization"), Generator::Company);
        assert_eq!(name_of("Repository"), Generator::Slug);
        assert_eq!(name_of("Planet"), Generator::Title);
    }
}
