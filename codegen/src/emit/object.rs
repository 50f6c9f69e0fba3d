//! Object types: the Rust value that stands for them (a generated struct, a
//! unit struct for roots, or the bound struct), the resolver trait for the
//! fields that do not resolve by themselves, and the dynamic-schema glue that
//! delegates to that trait. Subscription roots serve streams.

use std::collections::BTreeMap;

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::rust::{
    canonical, context_type, deprecated_attr, deprecation_call, description_call, directive_calls,
    docs, ident, input_value_builder, is_custom_scalar, named_type, rust_path, value_type,
};
use crate::ir::{Backing, Field, Object, Resolution, Schema, TypeDef};

pub fn trait_name(def: &TypeDef) -> proc_macro2::Ident {
    format_ident!("{}Resolvers", def.rust_name.trim_start_matches("r#"))
}

pub fn has_methods(object: &Object) -> bool {
    object.fields.iter().any(is_method)
}

pub fn is_method(field: &Field) -> bool {
    matches!(field.resolution, Resolution::Method { .. })
}

/// The generated struct, or the unit struct of a root (conversions are in
/// [`object_values`]).
pub fn definition(schema: &Schema, def: &TypeDef, object: &Object) -> TokenStream {
    let name = ident(&def.rust_name);
    let doc = docs(def.description.as_deref());
    match object.backing {
        Backing::Bound { .. } => TokenStream::new(),
        Backing::Root => quote! {
            #doc
            #[derive(Debug, Clone, Copy, Default)]
            pub struct #name;
        },
        Backing::Generated => {
            let fields = object
                .fields
                .iter()
                .filter(|f| f.resolution == Resolution::StructField)
                .map(|f| {
                    let field = ident(&f.rust_name);
                    let ty = value_type(schema, &f.ty, f.boxed);
                    let doc = docs(f.description.as_deref());
                    let deprecated = deprecated_attr(f.deprecated.as_ref());
                    quote!(#doc #deprecated pub #field: #ty)
                });
            quote! {
                #doc
                #[derive(Debug, Clone)]
                pub struct #name { #(#fields),* }
            }
        }
    }
}

/// Conversions of every object value: one macro call for the generated
/// structs and root markers, and impls of their own for the bound structs
/// (once per distinct Rust path; a macro would print their paths token-wise).
pub fn object_values(schema: &Schema) -> TokenStream {
    let mut bound = BTreeMap::new();
    let mut own = Vec::new();
    for (def, object) in schema.objects() {
        match &object.backing {
            Backing::Bound { path } => {
                bound.insert(canonical(path), path.as_str());
            }
            Backing::Generated | Backing::Root => own.push(ident(&def.rust_name)),
        }
    }
    let bound = bound.into_values().map(|path| {
        let ty = rust_path(path);
        quote! {
            impl support::IntoField for #ty {
                fn into_field(self) -> async_graphql::dynamic::FieldValue<'static> {
                    async_graphql::dynamic::FieldValue::owned_any(self)
                }
            }
            impl support::AsField for #ty {
                fn as_field(&self) -> async_graphql::dynamic::FieldValue<'_> {
                    async_graphql::dynamic::FieldValue::borrowed_any(self)
                }
            }
        }
    });
    quote! {
        ::weftql_runtime::object_values!(#(#own),*);
        #(#bound)*
    }
}

/// The resolver trait, if any field needs a method.
pub fn resolver_trait(schema: &Schema, def: &TypeDef, object: &Object) -> TokenStream {
    if !has_methods(object) {
        return TokenStream::new();
    }
    let trait_ident = trait_name(def);
    let graphql = &def.name;
    let heading = format!(" The fields of `{graphql}` that do not resolve by themselves.");
    let context = context_type(schema);
    let methods = object.fields.iter().filter(|f| is_method(f)).map(|f| {
        let method = ident(&f.rust_name);
        let mut doc = docs(f.description.as_deref());
        let signature = format!(" `{}`", field_signature(graphql, f));
        let spacer = f.description.as_ref().map(|_| quote!(#[doc = ""]));
        doc.extend(quote!(#spacer #[doc = #signature]));
        if let Resolution::Method { why: Some(why) } = &f.resolution {
            let why = format!(" A method because {}", lowercase_first(why));
            doc.extend(quote!(#[doc = ""] #[doc = #why]));
        }
        let deprecated = deprecated_attr(f.deprecated.as_ref());
        let MethodSignature { params, output } = method_signature(schema, def, object, f);
        quote! {
            #doc
            #deprecated
            fn #method(&self, ctx: &#context, #params)
                -> impl ::std::future::Future<Output = ResolverResult<#output>> + ::std::marker::Send;
        }
    });
    quote! {
        #[doc = #heading]
        pub trait #trait_ident: ::std::marker::Send + ::std::marker::Sync + 'static {
            #(#methods)*
        }
    }
}

/// A resolver method's parameters after `ctx` (the parent, then the
/// arguments) and the value it yields inside `ResolverResult`: a stream of
/// results for a subscription field.
pub struct MethodSignature {
    pub params: TokenStream,
    pub output: TokenStream,
}

pub fn method_signature(
    schema: &Schema,
    def: &TypeDef,
    object: &Object,
    f: &Field,
) -> MethodSignature {
    let parent = (object.backing != Backing::Root).then(|| {
        let ty = named_type(schema, &def.name);
        quote!(parent: &#ty)
    });
    let args = f.args.iter().map(|a| {
        let arg = ident(&a.rust_name);
        let ty = value_type(schema, &a.ty, false);
        quote!(#arg: #ty)
    });
    let params = parent.into_iter().chain(args);
    let value = value_type(schema, &f.ty, false);
    let output = if schema.subscription.as_deref() == Some(def.name.as_str()) {
        quote!(async_graphql::futures_util::stream::BoxStream<'static, ResolverResult<#value>>)
    } else {
        value
    };
    MethodSignature {
        params: quote!(#(#params),*),
        output,
    }
}

fn lowercase_first(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map_or_else(String::new, |c| c.to_lowercase().chain(chars).collect())
}

/// `name(arg: Type = default): Type` as the schema writes it.
pub fn field_signature(owner: &str, field: &Field) -> String {
    let args: Vec<String> = field
        .args
        .iter()
        .map(|a| match &a.default {
            Some(default) => format!("{}: {} = {default}", a.name, a.ty),
            None => format!("{}: {}", a.name, a.ty),
        })
        .collect();
    let args = if args.is_empty() {
        String::new()
    } else {
        format!("({})", args.join(", "))
    };
    format!("{owner}.{}{args}: {}", field.name, field.ty)
}

/// The registration function body: the object and every field's resolver.
pub fn register(schema: &Schema, def: &TypeDef, object: &Object) -> TokenStream {
    let name = &def.name;
    let description = description_call(def.description.as_deref());
    let directives = directive_calls(&def.directives);
    let implements = object.implements.iter().map(|i| {
        let i = &i.name;
        quote!(.implement(#i))
    });
    if schema.subscription.as_deref() == Some(name.as_str()) {
        let fields = object
            .fields
            .iter()
            .map(|f| subscription_field(schema, def, f));
        return quote! {
            async_graphql::dynamic::Subscription::new(#name) #description #(.field(#fields))*
        };
    }
    let fields = object.fields.iter().map(|f| field(schema, def, object, f));
    quote! {
        async_graphql::dynamic::Object::new(#name) #description #(#implements)* #directives #(.field(#fields))*
    }
}

fn field(schema: &Schema, def: &TypeDef, object: &Object, f: &Field) -> TokenStream {
    let name = &f.name;
    let ty = f.ty.to_string();
    let description = description_call(f.description.as_deref());
    let deprecation = deprecation_call(f.deprecated.as_ref());
    let directives = directive_calls(&f.directives);
    let args = f.args.iter().map(|a| {
        let builder = input_value_builder(a);
        quote!(.argument(#builder))
    });
    let builder = match &f.resolution {
        Resolution::Method { .. } => {
            let resolver = method_resolver(schema, def, object, f);
            quote!(support::method(#name, #ty, #resolver))
        }
        Resolution::Column { column } => {
            let column = ident(column);
            let get = own_field_getter(schema, &named_type(schema, &def.name), f, quote!(#column));
            quote!(support::column(#name, #ty, #get))
        }
        Resolution::StructField => {
            let field = ident(&f.rust_name);
            let get = own_field_getter(schema, &named_type(schema, &def.name), f, quote!(#field));
            quote!(support::column(#name, #ty, #get))
        }
    };
    quote!(#builder #description #deprecation #directives #(#args)*)
}

/// The function from the parent's value to the field's.
fn own_field_getter(
    schema: &Schema,
    backing: &TokenStream,
    f: &Field,
    member: TokenStream,
) -> TokenStream {
    if f.ty.base() == "ID" {
        quote!(|parent: &#backing| support::id_field(&parent.#member))
    } else if is_custom_scalar(schema, &f.ty) {
        quote!(|parent: &#backing| support::scalar_field(&parent.#member))
    } else {
        quote!(|parent: &#backing| support::as_field(&parent.#member))
    }
}

/// The statement that reads the parent and arguments and calls the method.
fn call_method(schema: &Schema, def: &TypeDef, object: &Object, f: &Field) -> TokenStream {
    let trait_ident = trait_name(def);
    let method = ident(&f.rust_name);
    let parent = (object.backing != Backing::Root).then(|| {
        let backing = named_type(schema, &def.name);
        quote!(support::parent::<#backing>(&ctx)?,)
    });
    // Read in place rather than into locals, which an argument's name could shadow.
    let args = f.args.iter().map(|a| {
        let key = &a.name;
        if is_custom_scalar(schema, &a.ty) {
            quote!(support::scalar_arg(&ctx, #key)?)
        } else {
            quote!(support::arg(&ctx, #key)?)
        }
    });
    quote! {
        <R as #trait_ident>::#method(support::resolvers::<R>(&ctx), &ctx, #parent #(#args),*)
    }
}

fn method_resolver(schema: &Schema, def: &TypeDef, object: &Object, f: &Field) -> TokenStream {
    let call = call_method(schema, def, object, f);
    let nullable = !f.ty.is_non_null();
    let answer = if is_custom_scalar(schema, &f.ty) {
        quote!(support::scalar_answer)
    } else {
        quote!(support::answer)
    };
    quote! {
        |ctx| async_graphql::dynamic::FieldFuture::new(async move {
            #answer(&ctx, support::unpanicked(#call).await, #nullable)
        })
    }
}

fn subscription_field(schema: &Schema, def: &TypeDef, f: &Field) -> TokenStream {
    let TypeDef {
        kind: crate::ir::TypeKind::Object(object),
        ..
    } = def
    else {
        return TokenStream::new();
    };
    let name = &f.name;
    let ty = f.ty.to_string();
    let description = description_call(f.description.as_deref());
    let deprecation = deprecation_call(f.deprecated.as_ref());
    let args = f.args.iter().map(|a| {
        let builder = input_value_builder(a);
        quote!(.argument(#builder))
    });
    let call = call_method(schema, def, object, f);
    let into_field = if is_custom_scalar(schema, &f.ty) {
        quote!(support::scalar_into_field)
    } else {
        quote!(support::IntoField::into_field)
    };
    quote! {
        async_graphql::dynamic::SubscriptionField::new(#name, support::type_ref(#ty), |ctx| {
            async_graphql::dynamic::SubscriptionFieldFuture::new(async move {
                let value = #call.await.map_err(support::error)?;
                ::std::result::Result::Ok(async_graphql::futures_util::StreamExt::map(value, |item| {
                    item.map(#into_field).map_err(support::error)
                }))
            })
        }) #description #deprecation #(#args)*
    }
}
