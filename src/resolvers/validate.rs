//! Input checks of the mutations, with Django's messages where Django has one.

use crate::auth::password::MAX_PASSWORD_BYTES;
use crate::error::ApiError;

pub fn username(username: &str) -> Result<(), ApiError> {
    let valid = !username.is_empty()
        && username.chars().count() <= 150
        && username
            .chars()
            .all(|c| c.is_alphanumeric() || "@.+-_".contains(c));
    if valid {
        Ok(())
    } else {
        Err(ApiError::InvalidInput(
            "Enter a valid username. This value may contain only letters, numbers, and @/./+/-/_ characters (150 at most)."
                .into(),
        ))
    }
}

pub fn email(email: &str) -> Result<(), ApiError> {
    let valid = email.len() <= 254
        && email.split_once('@').is_some_and(|(local, domain)| {
            !local.is_empty()
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
        })
        && !email.chars().any(char::is_whitespace);
    if valid {
        Ok(())
    } else {
        Err(ApiError::InvalidInput(
            "Enter a valid email address.".into(),
        ))
    }
}

pub fn password(password: &str) -> Result<(), ApiError> {
    if password.is_empty() {
        return Err(ApiError::InvalidInput(
            "The password cannot be empty.".into(),
        ));
    }
    if password.len() > MAX_PASSWORD_BYTES {
        return Err(ApiError::InvalidInput(format!(
            "The password is longer than {MAX_PASSWORD_BYTES} bytes."
        )));
    }
    Ok(())
}

/// A required http(s) URL, as Django's URLValidator would accept it.
pub fn url(url: Option<&str>) -> Result<String, ApiError> {
    let Some(url) = url.map(str::trim).filter(|u| !u.is_empty()) else {
        return Err(ApiError::InvalidInput("The url is required.".into()));
    };
    match ::url::Url::parse(url) {
        Ok(parsed)
            if matches!(parsed.scheme(), "http" | "https")
                && parsed.host().is_some()
                && url.len() <= 2048 =>
        {
            Ok(url.to_string())
        }
        _ => Err(ApiError::InvalidInput("Enter a valid URL.".into())),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn urls_must_be_http() {
        assert!(super::url(Some("https://graphql.org")).is_ok());
        assert!(super::url(Some("javascript:alert(1)")).is_err());
        assert!(super::url(Some("not a url")).is_err());
        assert!(super::url(None).is_err());
    }

    #[test]
    fn usernames_follow_django() {
        assert!(super::username("alice.b+c@d-e_f").is_ok());
        assert!(super::username("no spaces").is_err());
        assert!(super::username("").is_err());
    }
}
